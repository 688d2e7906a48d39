"""City.latitude and City.longitude: the city centre in decimal degrees (WGS84), optional."""

import django.core.validators
from django.db import migrations, models


def coordinate(verbose_name, limit, help_text):
    """A frozen copy of components.models.coordinate_field (a migration must not change when the code does)."""
    return models.DecimalField(
        blank=True,
        decimal_places=4,
        help_text=help_text,
        max_digits=7,
        null=True,
        validators=[
            django.core.validators.MinValueValidator(-limit),
            django.core.validators.MaxValueValidator(limit),
        ],
        verbose_name=verbose_name,
    )


LATITUDE_HELP = "Of the city centre, in decimal degrees (WGS84), north positive, e.g. 29.5630. Places the city on maps."
LONGITUDE_HELP = "Of the city centre, in decimal degrees (WGS84), east positive, e.g. 106.5516."


class Migration(migrations.Migration):
    dependencies = [("components", "0003_city_time_zone")]

    operations = [
        migrations.AddField("city", "latitude", coordinate("latitude", 90, LATITUDE_HELP)),
        migrations.AddField("city", "longitude", coordinate("longitude", 180, LONGITUDE_HELP)),
    ]
