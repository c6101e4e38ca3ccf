The public roadmap is in the website's main menu; the portal's lists of requests and co-financings align their text left and their amounts right.
