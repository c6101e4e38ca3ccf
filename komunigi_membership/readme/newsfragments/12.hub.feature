``make run`` serves the Belgian intercooperation hub: a company in Brussels, in EUR, with
Belgium's chart of accounts, its own name, logo and website, in four languages besides
English. The demo co-ops have complete addresses and VAT numbers, and get the fiscal
position of their country (Belgian VAT, intra-EU reverse charge, export outside the EU);
their dues invoices carry the Belgian structured communication, which payments quote.
