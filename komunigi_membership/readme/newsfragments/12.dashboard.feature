An overview, the home of the Komunigi menu: dues invoiced, paid and still to be paid
(net of credit notes), and the coordination budget of this month and this year against
the hours worked. Representatives find their co-op's figures on ``/my/komunigi``
("Your co-op in figures").
