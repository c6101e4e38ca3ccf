``/my/komunigi`` draws a bar chart of what the representative's co-op contributed in
each of the last eight quarters: its posted invoices less its credit notes, tax
included, in the company's currency, the dues stacked under the other invoices
(co-financings), each bar titled with its amount. The chart is SVG rendered by the
server in the portal's colours: no script, nothing fetched from elsewhere.
