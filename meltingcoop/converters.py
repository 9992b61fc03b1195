"""URL converters: `<year:year>` matches exactly four digits (the Django documentation's
example converter), so /reports/20200/ is a 404 from the URL resolver, not a view's concern."""


class FourDigitYearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{value:04d}"
