The overview shows the money committed against the money needed by the open
co-financings, and the co-financing invoices invoiced, paid and still to be paid (net of
credit notes); on ``/my/komunigi``, the co-op's own.
