*Put to a vote*, next to *Create* in the kanban and list of requests (and in the list's
*Action* menu for the selected requests), makes a draft session of the estimated requests
the view shows: a yes/no item for each, or one approval, score or ranking item comparing
them; a request that cannot be voted on is refused before anything is created. The
kanban's cards show the interested co-ops on the left and the estimate on the right.
