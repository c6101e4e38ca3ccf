The demo has two newsletters prepared from the published log and sent (*Send to All*:
Odoo's queue delivers them; loading the demo needs no mail server).
