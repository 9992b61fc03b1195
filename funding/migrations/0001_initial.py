import django.core.validators
import django.db.models.deletion
import funding.models
import funding.storage
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cooperatives', '0002_initial'),
        ('events', '0003_attendance_event_status_index'),
        ('governance', '0003_dossier_meeting_organisation_decision_member_and_more'),
    ]

    operations = [
        migrations.CreateModel(
            name='GrantAgreement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reference', models.CharField(blank=True, help_text='Générée automatiquement si vide (SUB-0001).', max_length=20, unique=True, verbose_name='référence')),
                ('title', models.CharField(max_length=300, verbose_name='intitulé')),
                ('start_date', models.DateField(verbose_name='début de la période')),
                ('end_date', models.DateField(verbose_name='fin de la période')),
                ('amount_requested', models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='montant demandé (€)')),
                ('amount_awarded', models.DecimalField(blank=True, decimal_places=2, max_digits=10, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='montant accordé (€)')),
                ('status', models.CharField(choices=[('requested', 'Demandée'), ('awarded', 'Accordée'), ('refused', 'Refusée'), ('closed', 'Soldée')], default='requested', max_length=20, verbose_name='statut')),
                ('whole_association', models.BooleanField(default=True, help_text='Décochez pour limiter la subvention aux programmes, coopératives et événements choisis ci-dessous.', verbose_name="toute l'association")),
                ('requested_figures', models.JSONField(blank=True, default=list, verbose_name='chiffres demandés par le financeur')),
                ('contact_name', models.CharField(blank=True, max_length=200, verbose_name='contact chez le financeur')),
                ('contact_email', models.EmailField(blank=True, max_length=254, verbose_name='e-mail du contact')),
                ('notes', models.TextField(blank=True, verbose_name='notes')),
                ('cooperatives', models.ManyToManyField(blank=True, related_name='grant_agreements', to='cooperatives.cooperative', verbose_name='coopératives')),
                ('events', models.ManyToManyField(blank=True, related_name='grant_agreements', to='events.event', verbose_name='événements')),
                ('funder', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='grant_agreements', to='governance.organisation', verbose_name='financeur')),
                ('programmes', models.ManyToManyField(blank=True, related_name='grant_agreements', to='cooperatives.programme', verbose_name='programmes')),
            ],
            options={
                'verbose_name': 'convention de subvention',
                'verbose_name_plural': 'conventions de subvention',
                'ordering': ['-start_date', 'funder__name'],
            },
        ),
        migrations.CreateModel(
            name='AgreementDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(default='Convention signée', max_length=200, verbose_name='intitulé')),
                ('file', models.FileField(help_text='PDF, 10 Mo au plus.', max_length=200, storage=funding.storage.private_storage, upload_to=funding.models.document_upload_to, validators=[django.core.validators.FileExtensionValidator(['pdf']), funding.models.validate_pdf], verbose_name='fichier PDF')),
                ('uploaded_at', models.DateTimeField(auto_now_add=True, verbose_name='déposé le')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='funding.grantagreement', verbose_name='convention')),
            ],
            options={
                'verbose_name': 'document',
                'verbose_name_plural': 'documents',
                'ordering': ['agreement', '-uploaded_at'],
            },
        ),
        migrations.CreateModel(
            name='Instalment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('due_on', models.DateField(verbose_name='échéance')),
                ('amount', models.DecimalField(decimal_places=2, max_digits=10, validators=[django.core.validators.MinValueValidator(0)], verbose_name='montant (€)')),
                ('received_on', models.DateField(blank=True, null=True, verbose_name='reçu le')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='instalments', to='funding.grantagreement', verbose_name='convention')),
            ],
            options={
                'verbose_name': 'versement',
                'verbose_name_plural': 'versements',
                'ordering': ['agreement', 'due_on'],
            },
        ),
        migrations.CreateModel(
            name='ReportDeadline',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('interim', 'Bilan intermédiaire'), ('final', 'Bilan final')], default='final', max_length=20, verbose_name='type')),
                ('due_on', models.DateField(verbose_name='à rendre le')),
                ('sent_on', models.DateField(blank=True, null=True, verbose_name='envoyé le')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='report_deadlines', to='funding.grantagreement', verbose_name='convention')),
            ],
            options={
                'verbose_name': 'bilan à rendre',
                'verbose_name_plural': 'bilans à rendre',
                'ordering': ['agreement', 'due_on'],
            },
        ),
        migrations.AddConstraint(
            model_name='grantagreement',
            constraint=models.CheckConstraint(condition=models.Q(('end_date__isnull', True), ('end_date__gte', models.F('start_date')), _connector='OR'), name='grantagreement_end_after_start', violation_error_message='La date de fin précède la date de début.'),
        ),
        migrations.AddConstraint(
            model_name='grantagreement',
            constraint=models.CheckConstraint(condition=models.Q(('amount_requested__isnull', True), ('amount_requested__gte', 0), _connector='OR'), name='grantagreement_requested_positive', violation_error_message='Le montant demandé ne peut pas être négatif.'),
        ),
        migrations.AddConstraint(
            model_name='grantagreement',
            constraint=models.CheckConstraint(condition=models.Q(('amount_awarded__isnull', True), ('amount_awarded__gte', 0), _connector='OR'), name='grantagreement_awarded_positive', violation_error_message='Le montant accordé ne peut pas être négatif.'),
        ),
        migrations.AddConstraint(
            model_name='instalment',
            constraint=models.CheckConstraint(condition=models.Q(('amount__gte', 0)), name='instalment_amount_positive', violation_error_message='Un versement ne peut pas être négatif.'),
        ),
    ]
