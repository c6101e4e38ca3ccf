The overview shows the request pipeline, a count per state that opens its requests; a
co-op's figures count its requests and those it said "we need this too" for.
