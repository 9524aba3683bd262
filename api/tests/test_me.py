"""Me: my profile, my pairs and my upcoming meetings, with the pages' access rules: a pair
someone is not in does not exist for them (404), HR included."""

import pytest

from accounts.models import Skill, SkillOffered, SkillWanted
from accounts.tests.factories import ProfileFactory, UserFactory
from pairing.models import Pairing
from sessions_log.models import AgendaItem
from sessions_log.tests.conftest import make_meeting, make_pair

from .conftest import ApiClient, make_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(db) -> Pairing:
    return make_pair()


@pytest.fixture
def mentee_api(pair) -> ApiClient:
    return ApiClient(make_token(pair.mentee.user))


@pytest.fixture
def mentor_api(pair) -> ApiClient:
    return ApiClient(make_token(pair.mentor.user))


def test_my_profile_has_my_skills_and_what_the_pairing_still_needs(db):
    boss = UserFactory(first_name="Ada", last_name="Boss")
    me = ProfileFactory(manager=boss, level=None, bio="Hello").user
    SkillOffered.objects.create(user=me, skill=Skill.objects.first(), proficiency=4)
    wanted = Skill.objects.last()
    SkillWanted.objects.create(user=me, skill=wanted, priority=3, current_level=1)
    body = ApiClient(make_token(me)).get("/api/v1/me/").json()
    assert body["email"] == me.email and body["bio"] == "Hello"
    assert body["manager"]["name"] == "Ada Boss"
    assert body["skills_offered"][0]["proficiency"] == 4
    assert body["skills_wanted"] == [
        {"id": wanted.pk, "name": wanted.name, "priority": 3, "current_level": 1}
    ]
    assert body["missing"] == ["your level"]
    assert body["is_hr_admin"] is False


def test_someone_without_a_profile_yet_gets_blanks(db):
    body = ApiClient(make_token(UserFactory())).get("/api/v1/me/").json()
    assert body["title"] == "" and body["level"] is None and body["manager"] is None


def test_both_people_of_a_pair_see_it_with_their_role_and_partner(pair, mentee_api, mentor_api):
    [as_mentee] = mentee_api.get("/api/v1/me/pairs/").json()["results"]
    assert as_mentee["role"] == "mentee"
    assert as_mentee["partner"]["email"] == pair.mentor.user.email
    as_mentor = mentor_api.get(f"/api/v1/me/pairs/{pair.pk}/").json()
    assert as_mentor["role"] == "mentor"
    assert as_mentor["partner"]["name"] == "Margaret Okafor"
    assert as_mentor["program"] == {"id": pair.program_id, "name": pair.program.name}


def test_an_outsider_and_hr_get_404_for_a_pair_they_are_not_in(pair):
    for person in [ProfileFactory().user, UserFactory(hr_admin=True)]:
        api = ApiClient(make_token(person))
        response = api.get(f"/api/v1/me/pairs/{pair.pk}/")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
        assert api.get("/api/v1/me/pairs/").json()["results"] == []


def test_a_proposed_pair_does_not_exist_yet_for_its_people(pair, mentee_api):
    Pairing.objects.filter(pk=pair.pk).update(status=Pairing.Status.PROPOSED)
    assert mentee_api.get(f"/api/v1/me/pairs/{pair.pk}/").status_code == 404


def test_my_upcoming_meetings_soonest_first_without_the_agenda(pair, mentee_api, mentor_api):
    later = make_meeting(pair, days=9, place="Room 4")
    sooner = make_meeting(pair, days=2, video_url="https://meet.example.com/abc")
    make_meeting(pair, days=-3)  # over
    make_meeting(pair, days=5, status="cancelled")
    AgendaItem.objects.create(meeting=sooner, title="PRIVATE TOPIC", details="PRIVATE")
    response = mentee_api.get("/api/v1/me/meetings/")
    meetings = response.json()["results"]
    assert [m["id"] for m in meetings] == [sooner.pk, later.pk]
    assert meetings[0]["partner"]["email"] == pair.mentor.user.email
    assert meetings[0]["video_url"] == "https://meet.example.com/abc"
    assert b"PRIVATE" not in response.content
    mine = mentor_api.get("/api/v1/me/meetings/", {"pair": pair.pk}).json()["results"]
    assert mine[0]["partner"]["email"] == pair.mentee.user.email


def test_someone_else_s_pair_filter_is_a_404_and_a_bad_one_a_400(pair):
    outsider = ApiClient(make_token(ProfileFactory().user))
    assert outsider.get("/api/v1/me/meetings/").json()["results"] == []
    assert outsider.get("/api/v1/me/meetings/", {"pair": pair.pk}).status_code == 404
    bad = outsider.get("/api/v1/me/meetings/", {"pair": "x"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "pair"
