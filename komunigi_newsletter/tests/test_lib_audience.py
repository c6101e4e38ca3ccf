# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""How a synced list catches up with its audience: pure Python, no database."""

from ..lib import audience

C = audience.Contact


def test_new_people_get_a_contact():
    result = audience.plan({1: "anne@bees.example", 2: " Luc@Ouftí.example "}, [])
    assert result.create == [(1, "anne@bees.example"), (2, "Luc@Ouftí.example")]
    assert result.add == result.remove == result.relink == []


def test_known_contacts_are_added_once():
    contacts = [C(10, "anne@bees.example", 1, False, False)]
    result = audience.plan({1: "anne@bees.example"}, contacts)
    assert result.add == [10]
    in_list = [C(10, "anne@bees.example", 1, False, True)]
    assert audience.plan({1: "anne@bees.example"}, in_list) == audience.Plan(
        [], [], [], []
    )


def test_opted_out_contacts_never_come_back():
    contacts = [C(10, "anne@bees.example", 1, True, False)]
    result = audience.plan({1: "ANNE@bees.example"}, contacts)
    assert result.create == [] and result.add == []


def test_a_contact_of_the_same_address_is_linked_not_duplicated():
    contacts = [C(10, "Anne@Bees.example", None, False, False)]
    result = audience.plan({1: "anne@bees.example"}, contacts)
    assert result.create == []
    assert result.add == [10]
    assert result.relink == [(10, 1, "anne@bees.example")]


def test_a_changed_address_follows_the_person():
    contacts = [C(10, "old@bees.example", 1, False, True)]
    result = audience.plan({1: "new@bees.example"}, contacts)
    assert result.relink == [(10, 1, "new@bees.example")]
    assert result.create == result.add == result.remove == []


def test_people_who_left_are_removed_hand_added_contacts_stay():
    contacts = [
        C(10, "anne@bees.example", 1, False, True),
        C(11, "friend@elsewhere.example", None, False, True),
        C(12, "gone@bees.example", 3, True, True),
    ]
    result = audience.plan({}, contacts)
    assert result.remove == [10, 12]


def test_a_shared_address_is_mailed_once():
    result = audience.plan({1: "info@coop.example", 2: "INFO@coop.example"}, [])
    assert result.create == [(1, "info@coop.example")]


def test_people_without_address_are_left_out():
    assert audience.plan({1: "", 2: None}, []).create == []
