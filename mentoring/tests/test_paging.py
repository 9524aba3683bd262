from unittest import mock

import pytest
from django.db.models import QuerySet

from accounts.models import User
from accounts.tests.factories import UserFactory
from mentoring.paging import page_of

pytestmark = pytest.mark.django_db


def test_a_page_keeps_the_order_and_reads_its_rows_in_full():
    people = [UserFactory(last_name=name) for name in ("Cole", "Abel", "Bain", "Dunn")]
    rows = User.objects.filter(pk__in=[p.pk for p in people]).order_by("last_name")
    page = page_of(rows, "2", 2)
    assert [p.last_name for p in page] == ["Cole", "Dunn"]
    assert page.paginator.count == 4 and page.has_previous() and not page.has_next()


def test_a_row_gone_between_the_two_reads_is_left_out_not_an_error():
    """A pairing run replaces the board's proposals while HR looks at a page of them."""
    people = [UserFactory(last_name=name) for name in ("Abel", "Bain", "Cole")]
    rows = User.objects.filter(pk__in=[p.pk for p in people]).order_by("last_name")
    in_bulk = QuerySet.in_bulk

    def deleted_meanwhile(queryset, ids):
        User.objects.filter(pk=people[1].pk).delete()
        return in_bulk(queryset, ids)

    with mock.patch.object(QuerySet, "in_bulk", deleted_meanwhile):
        page = page_of(rows, 1, 50)
    assert [p.last_name for p in page] == ["Abel", "Cole"]


def test_an_empty_list_reads_no_rows(django_assert_num_queries):
    with django_assert_num_queries(1):  # the count
        page = page_of(User.objects.none() | User.objects.filter(pk=-1), 1, 50)
    assert list(page) == [] and page.paginator.count == 0
