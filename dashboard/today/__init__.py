"""Today: what needs staff first, then what is being searched, then today's assignments."""
