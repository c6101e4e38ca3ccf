# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from .chart import default_sale_taxes, make_belgian_positions, set_default_sale_tax
from .common import KomunigiCase


class TestDuesProductTaxes(KomunigiCase):
    """The dues product takes the company's default sale tax, whenever the chart came."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env.ref("komunigi_membership.product_dues")

    def company_taxes(self, company):
        return self.product.taxes_id.filtered(lambda t: t.company_id == company)

    def test_chart_installed_before_gives_its_default_sale_tax(self):
        """What runs at install, for a chart that came before Komunigi."""
        company = self.env.user.company_id
        self.assertFalse(default_sale_taxes(self.env, company))  # l10n_generic_coa
        self.assertFalse(self.company_taxes(company))
        tax = set_default_sale_tax(self.env, company)
        company._komunigi_configure_accounting()
        self.assertEqual(self.company_taxes(company), tax)

    def test_chart_installed_later_gives_its_default_sale_tax(self):
        company = self.env["res.company"].create(
            {"name": "Coop IT Easy (second company)"}
        )
        chart = self.env.ref("l10n_generic_coa.configurable_chart_template")
        # With a complete set of taxes, a chart makes its first sale tax the default.
        chart.complete_tax_set = True
        # As `try_loading_for_current_company` does it, for another company.
        wizard = self.env["wizard.multi.charts.accounts"].create(
            {
                "company_id": company.id,
                "chart_template_id": chart.id,
                "code_digits": chart.code_digits,
                "transfer_account_id": chart.transfer_account_id.id,
                "currency_id": chart.currency_id.id,
            }
        )
        wizard.onchange_chart_template_id()
        wizard.execute()
        default = default_sale_taxes(self.env, company)
        self.assertEqual(len(default), 1)
        self.assertEqual(self.company_taxes(company), default)

    def test_a_tax_someone_chose_is_kept(self):
        company = self.env.user.company_id
        chosen = self.env["account.tax"].create(
            {"name": "6 % (chosen)", "amount": 6, "type_tax_use": "sale"}
        )
        self.product.taxes_id = chosen
        set_default_sale_tax(self.env, company)
        company._komunigi_configure_accounting()
        self.assertEqual(self.company_taxes(company), chosen)


class TestDuesFiscalPositions(KomunigiCase):
    """The chart's positions, found by country and VAT number, for demo co-ops."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.positions = make_belgian_positions(cls.env)
        cls.default_tax = default_sale_taxes(cls.env, cls.env.user.company_id)

    def dues_invoice(self, membership):
        """The invoice of the membership's due periods, from one dues run."""
        self.invoice(membership)
        return membership.mapped("dues_ids.invoice_id")

    def invoice_of(self, xmlid):
        """The first dues invoice of a new co-op at the address, with the VAT number,
        of the demo co-op `xmlid`: the demo's own dues are invoiced at install."""
        demo = self.env.ref("komunigi_membership.partner_" + xmlid)
        coop = self.make_coop(
            "%s (test)" % demo.name,
            street=demo.street,
            zip=demo.zip,
            city=demo.city,
            country_id=demo.country_id.id,
            state_id=demo.state_id.id,
            vat=demo.vat,
        )
        return self.dues_invoice(self.make_membership(coop))

    def test_national_vat_for_bees(self):
        invoice = self.invoice_of("bees")
        self.assertEqual(invoice.fiscal_position_id, self.positions["national"])
        self.assertEqual(
            invoice.invoice_line_ids.mapped("invoice_line_tax_ids"), self.default_tax
        )
        self.assertAlmostEqual(invoice.amount_tax, invoice.amount_untaxed * 0.15, 2)

    def test_reverse_charge_for_foodhub(self):
        invoice = self.invoice_of("foodhub")
        self.assertEqual(invoice.fiscal_position_id, self.positions["intra_eu"])
        self.assertEqual(invoice.amount_tax, 0.0)

    def test_export_for_le_nid(self):
        invoice = self.invoice_of("lenid")
        self.assertEqual(invoice.fiscal_position_id, self.positions["export"])
        self.assertEqual(
            invoice.invoice_line_ids.mapped("invoice_line_tax_ids.amount"), [0.0]
        )

    def test_eu_coop_without_vat_number_pays_national_vat(self):
        for country in ("base.be", "base.fr"):
            coop = self.make_coop(
                "No VAT " + country, country_id=self.env.ref(country).id
            )
            invoice = self.dues_invoice(self.make_membership(coop))
            self.assertIn("EU private", invoice.fiscal_position_id.name)
            self.assertAlmostEqual(invoice.amount_tax, invoice.amount_untaxed * 0.15, 2)

    def test_one_run_tells_coops_with_and_without_vat_apart(self):
        """The run looks each kind of address up once: the VAT number is part of it."""
        with_vat = self.make_coop("With VAT", vat="BE0700000104")
        without = self.make_coop("Without VAT")
        memberships = self.make_membership(with_vat) | self.make_membership(without)
        self.invoice(memberships)
        positions = {
            m.partner_id: m.mapped("dues_ids.invoice_id.fiscal_position_id")
            for m in memberships
        }
        self.assertEqual(positions[with_vat], self.positions["national"])
        self.assertNotEqual(positions[without], self.positions["national"])

    def test_positions_of_another_company_are_not_applied(self):
        national = self.positions["national"]
        national.write({"auto_apply": True, "country_id": self.be.id, "sequence": 1})
        other = self.env["res.company"].create({"name": "Another provider"})
        self.env["account.fiscal.position"].create(
            {
                "name": "Belgium of another company",
                "company_id": other.id,
                "auto_apply": True,
                "country_id": self.be.id,
                "vat_required": True,
                "sequence": 0,
            }
        )
        invoice = self.invoice_of("bees")
        self.assertEqual(invoice.fiscal_position_id, national)

    def test_rules_someone_changed_are_kept(self):
        national = self.positions["national"]
        national.vat_required = False
        self.env.user.company_id._komunigi_configure_accounting()  # a chart again
        self.assertFalse(national.vat_required)
        self.assertEqual(
            self.env["account.fiscal.position"].search_count(
                [("name", "ilike", "EU private")]
            ),
            1,
        )
