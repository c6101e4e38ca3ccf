# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""11.0.1.2.0: the project log moves down from komunigi_newsletter to membership.

Its records (the model, its fields, access rules, record rules, views, actions, menus,
templates, the website menu, the SQL constraints and the tags' relation) change owner
before membership loads: left to komunigi_newsletter, which no longer defines them,
Odoo's end-of-update cleanup would delete them and drop the tables with the entries.
The fields komunigi_newsletter still adds (the meeting and its minutes) stay its own.
"""

from openupgradelib import openupgrade

MODELS = ("komunigi.log.entry", "komunigi.log.tag")
NEWSLETTER_FIELDS = ("meeting_id", "minutes", "minutes_filename")
XMLIDS = (
    "model_komunigi_log_entry",
    "model_komunigi_log_tag",
    "access_log_entry_public",
    "access_log_entry_portal",
    "access_log_entry_user",
    "access_log_entry_analyst",
    "access_log_entry_coordinator",
    "access_log_tag_public",
    "access_log_tag_portal",
    "access_log_tag_user",
    "access_log_tag_coordinator",
    "rule_log_entry_published",
    "rule_log_entry_komunigi",
    "komunigi_log_entry_view_tree",
    "komunigi_log_entry_view_form",
    "komunigi_log_entry_view_search",
    "komunigi_log_entry_action",
    "komunigi_log_tag_view_tree",
    "komunigi_log_tag_action",
    "menu_log_entry",
    "menu_log_tag",
    "log_entry_summary",
    "log_index",
    "log_entry_page",
    "menu_website_log",
)
# Constraints and many2many tables are owned by a module too (dropped on uninstall).
SCHEMA_NAMES = (
    "komunigi_log_entry_source_unique",
    "komunigi_log_tag_name_unique",
    "komunigi_log_entry_komunigi_log_tag_rel",
)


def field_xmlids(cr):
    """The names of komunigi_newsletter's xmlids of the fields membership defines."""
    cr.execute(
        """
        SELECT d.name FROM ir_model_data d
        JOIN ir_model_fields f ON f.id = d.res_id
        WHERE d.module = 'komunigi_newsletter' AND d.model = 'ir.model.fields'
            AND f.model IN %s AND f.name NOT IN %s
        """,
        (MODELS, NEWSLETTER_FIELDS),
    )
    return [name for (name,) in cr.fetchall()]


@openupgrade.migrate()
def migrate(env, version):
    cr = env.cr
    names = list(XMLIDS) + field_xmlids(cr)
    openupgrade.rename_xmlids(
        cr,
        [
            ("komunigi_newsletter.%s" % name, "komunigi_membership.%s" % name)
            for name in names
        ],
    )
    for table in ("ir_model_constraint", "ir_model_relation"):
        openupgrade.logged_query(
            cr,
            """
            UPDATE {table} SET module = (
                SELECT id FROM ir_module_module WHERE name = 'komunigi_membership')
            WHERE name IN %s AND module = (
                SELECT id FROM ir_module_module WHERE name = 'komunigi_newsletter')
            """.format(table=table),
            (SCHEMA_NAMES,),
        )
