A co-op's yearly statement (PDF): its invoices and credit notes of the year, their
payments and its balance. Coordinators print it from a co-op (this year's);
representatives download this year's or last year's from ``/my/komunigi``.
