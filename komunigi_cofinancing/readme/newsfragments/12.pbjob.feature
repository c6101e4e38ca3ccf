Importing a big ``.pb`` file (more than 300 votes) into a funding round no longer keeps
the browser waiting: the file is checked and its projects imported at once, then its
votes are imported in the background, batch by batch, by a job whose form shows the
progress. The round cannot be opened, nor take another file, until its votes are all in.
