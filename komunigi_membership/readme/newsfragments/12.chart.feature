``/my/komunigi`` draws a bar chart of what the representative's co-op contributed in
each of the last eight quarters: its posted invoices (dues, co-financings) less its
credit notes, tax included, in the company's currency, each bar titled with its
amount. The chart is SVG rendered by the server in the portal's colours: no script,
nothing fetched from elsewhere.
