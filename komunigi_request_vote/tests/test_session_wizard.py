# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError

from .common import RequestCase


class TestSessionWizard(RequestCase):
    """ "Put to a vote" from the requests' kanban or list: the wizard's defaults,
    and the draft session it makes through the session's public path."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Wizard = cls.env["komunigi.session.wizard"]
        cls.Session = cls.env["komunigi.session"]
        cls.points = cls.estimated("Wizard: loyalty points")
        cls.swap_board = cls.estimated("Wizard: shift swap board")
        cls.submitted = cls.new_request("Wizard: till count sheet")
        cls.submitted.action_submit()

    def wizard(self, requests=None, method="yes_no", **context):
        values = {"name": "March meeting", "method": method}
        if requests is not None:
            values["request_ids"] = [(6, 0, requests.ids)]
        return self.Wizard.with_context(**context).create(values)

    def sessions(self):
        return self.Session.search([("name", "=", "March meeting")])

    def test_defaults_to_the_requests_selected_in_the_list(self):
        selected = self.points | self.submitted
        wizard = self.wizard(active_model="komunigi.request", active_ids=selected.ids)
        self.assertEqual(wizard.request_ids, selected)

    def test_defaults_to_the_estimated_requests_the_view_shows(self):
        wizard = self.wizard(
            active_model="komunigi.request",
            active_domain=[
                ("title", "in", ("Wizard: loyalty points", "Wizard: till count sheet"))
            ],
        )
        self.assertEqual(wizard.request_ids, self.points)

    def test_defaults_to_every_estimated_request(self):
        # Ids of another model are not requests: they are ignored.
        wizard = self.wizard(active_model="res.partner", active_ids=self.bees.ids)
        requests = wizard.request_ids
        self.assertIn(self.points, requests)
        self.assertIn(self.swap_board, requests)
        self.assertNotIn(self.submitted, requests)
        self.assertEqual(set(requests.mapped("state")), {"estimated"})
        self.assertLess(wizard.voting_opens, wizard.voting_closes)
        self.assertEqual(wizard.voting_closes[:10], wizard.date)

    def test_creates_a_draft_session_with_an_item_per_request(self):
        wizard = self.wizard(self.points | self.swap_board)
        action = wizard.action_create_session()
        session = self.sessions()
        self.assertEqual(
            (action["res_model"], action["res_id"]), (session._name, session.id)
        )
        self.assertEqual(session.state, "draft")
        self.assertEqual(session.date, wizard.date)
        self.assertEqual(session.voting_closes, wizard.voting_closes)
        self.assertEqual(session.item_ids.mapped("method"), ["yes_no", "yes_no"])
        self.assertEqual(
            session.item_ids.mapped("request_ids"), self.points | self.swap_board
        )
        self.assertTrue(all(len(item.request_ids) == 1 for item in session.item_ids))
        self.assertEqual(self.points.state, "estimated")  # in vote once it opens
        session.action_open()
        self.assertEqual(self.points.state, "vote")

    def test_a_ranking_compares_the_requests_in_one_item(self):
        self.wizard(self.points | self.swap_board, "ranking").action_create_session()
        item = self.sessions().item_ids
        self.assertEqual(item.method, "ranking")
        self.assertEqual(item.request_ids, self.points | self.swap_board)

    def test_a_request_not_estimated_is_refused_and_nothing_created(self):
        items = self.env["komunigi.session.item"].search_count([])
        wizard = self.wizard(self.points | self.submitted)
        with self.assertRaisesRegex(
            UserError, r"\] Wizard: till count sheet is not estimated: it cannot be put"
        ):
            wizard.action_create_session()
        self.assertFalse(self.sessions())
        self.assertEqual(self.env["komunigi.session.item"].search_count([]), items)
        self.assertFalse(wizard.session_id)

    def test_a_double_click_creates_one_session(self):
        wizard = self.wizard(self.points | self.swap_board)
        first = wizard.action_create_session()
        second = wizard.action_create_session()
        self.assertEqual(first, second)
        self.assertEqual(len(self.sessions()), 1)
        self.assertEqual(len(self.sessions().item_ids), 2)
