/* Copyright 2026 Komunigi contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
odoo.define("komunigi_request_vote.put_to_vote", function (require) {
    "use strict";

    /**
     * "Put to a vote" next to "Create" in the control panel of the requests' kanban
     * and list (their arch's js_class): it opens the wizard that makes a draft
     * session of the estimated requests the view shows (its domain), see
     * komunigi.session.wizard. Shown to the coordinators, who decide.
     */
    var core = require("web.core");
    var KanbanController = require("web.KanbanController");
    var KanbanView = require("web.KanbanView");
    var ListController = require("web.ListController");
    var ListView = require("web.ListView");
    var session = require("web.session");
    var viewRegistry = require("web.view_registry");

    var _t = core._t;

    var PutToVote = {
        willStart: function () {
            var self = this;
            var coordinator = session
                .user_has_group("komunigi_membership.group_coordinator")
                .then(function (isCoordinator) {
                    self.komunigiCoordinator = isCoordinator;
                });
            return $.when(this._super.apply(this, arguments), coordinator);
        },

        renderButtons: function ($node) {
            this._super.apply(this, arguments);
            if (!this.komunigiCoordinator) {
                return;
            }
            if (!this.$buttons) {
                this.$buttons = $("<div/>").appendTo($node);
            }
            var $button = $(
                '<button type="button" class="btn btn-default btn-sm o_komunigi_put_to_vote"/>'
            )
                .text(_t("Put to a vote"))
                .on("click", this._onPutToVote.bind(this));
            var $create = this.$buttons.find(".o-kanban-button-new, .o_list_button_add");
            if ($create.length) {
                $button.insertAfter($create);
            } else {
                $button.appendTo(this.$buttons);
            }
        },

        /**
         * The wizard, given the view's domain: it preselects the estimated
         * requests in it.
         */
        _onPutToVote: function () {
            this.do_action("komunigi_request_vote.komunigi_session_wizard_action", {
                additional_context: {
                    active_model: this.modelName,
                    active_domain: this.model.get(this.handle).getDomain(),
                },
            });
        },
    };

    var RequestKanbanView = KanbanView.extend({
        config: _.extend({}, KanbanView.prototype.config, {
            Controller: KanbanController.extend(PutToVote),
        }),
    });
    var RequestListView = ListView.extend({
        config: _.extend({}, ListView.prototype.config, {
            Controller: ListController.extend(PutToVote),
        }),
    });

    viewRegistry.add("komunigi_request_kanban", RequestKanbanView);
    viewRegistry.add("komunigi_request_list", RequestListView);

    return {
        PutToVote: PutToVote,
        RequestKanbanView: RequestKanbanView,
        RequestListView: RequestListView,
    };
});
