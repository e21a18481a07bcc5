"""Pages of the campaigns app: home, segment builder, campaigns, owner club events."""
