import re

from reports.charts import bar_chart, line_chart


def test_bar_chart_writes_each_value_and_label_as_text():
    chart = bar_chart("Pays d'origine", [("Sénégal", 3), ("Brésil", 2)])
    svg = str(chart)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert ">Sénégal<" in svg and ">3<" in svg and ">2<" in svg
    assert chart.rows[1:] == (("Sénégal", "3"), ("Brésil", "2"))
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg


def test_bar_lengths_are_proportional_to_values():
    svg = str(bar_chart("t", [("a", 4), ("b", 2)]))
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    assert widths[0] == 2 * widths[1]


def test_chart_labels_are_escaped():
    svg = str(bar_chart("<script>", [("<img src=x onerror=alert(1)>", 1)]))
    assert "<script>" not in svg
    assert "<img" not in svg
    assert "&lt;img" in svg


def test_empty_chart_says_there_is_no_data():
    chart = bar_chart("Rien", [])
    assert chart.empty
    assert "Aucune donnée" in str(chart)


def test_line_chart_distinguishes_series_without_colour():
    chart = line_chart("Tendance", ["2019", "2020"], {"Rencontré·es": [20, 36], "Femmes": [18, 33]})
    svg = str(chart)
    assert "<circle" in svg and "<rect" in svg  # two marker shapes
    assert 'stroke-dasharray="6 3"' in svg  # second series dashed
    assert chart.rows == (
        ("", "Rencontré·es", "Femmes"),
        ("2019", "20", "18"),
        ("2020", "36", "33"),
    )


def test_same_chart_renders_the_same_markup_twice():
    assert str(bar_chart("t", [("a", 1)])) == str(bar_chart("t", [("a", 1)]))


def test_numbers_are_written_the_french_way():
    chart = bar_chart("Subventions", [("Fondation de France", 30000), ("Ville", 2.5)])
    assert chart.rows[1:] == (("Fondation de France", "30\u202f000"), ("Ville", "2,5"))


def test_long_labels_are_shortened_with_an_ellipsis_but_kept_in_the_table():
    label = "Fondation du Crédit Coopératif — programme d'appui territorial"
    chart = bar_chart("t", [(label, 1)])
    assert label not in str(chart.svg).split("<desc")[0] + str(chart.svg).split("</desc>")[1]
    assert "…" in str(chart.svg)
    assert chart.rows[1][0] == label


def test_chart_can_name_the_pdf_font_instead_of_inheriting_it():
    chart = bar_chart("t", [("a", 1)]).with_font('"Report Sans"')
    assert "font-family:inherit" not in str(chart)
    assert "font-family:&quot;Report Sans&quot;" in str(chart)
    assert chart.rows == bar_chart("t", [("a", 1)]).rows


def test_past_fifteen_bars_the_smallest_are_drawn_as_one_and_kept_in_the_table():
    items = [(f"Structure {n:03}", 300 - n) for n in range(200)]
    chart = bar_chart("Structures d'orientation", items)
    svg = str(chart.svg)

    assert len(re.findall(r"<rect ", svg)) == 15
    assert ">Structure 013<" in svg and "Structure 014" not in svg
    others = sum(300 - n for n in range(14, 200))
    assert ">186 autres<" in svg and f">{others:,}<".replace(",", "\u202f") in svg
    assert len(chart.rows) == 201  # every structure in the text alternative
    assert chart.rows[200] == ("Structure 199", "101")


def test_fifteen_bars_are_drawn_as_they_are():
    chart = bar_chart("t", [(f"s{n}", n + 1) for n in range(15)])
    assert len(re.findall(r"<rect ", str(chart.svg))) == 15
    assert "autres" not in str(chart.svg)
