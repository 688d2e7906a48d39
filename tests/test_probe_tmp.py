from news.models import NewsPageRelatedCity
from components.models import ComponentPairing, ComponentCountry
def test_probe(db):
    print(list(NewsPageRelatedCity.objects.values_list("page_id","sort_order","city__slug", "locale_id")[:12]))
    print(list(ComponentPairing.objects.values_list("page_id","sort_order")[:5]))
    print(list(ComponentCountry.objects.values_list("page_id","sort_order")[:5]))
