"""Insurance pages: the renewal pipeline and the policies of a customer."""
