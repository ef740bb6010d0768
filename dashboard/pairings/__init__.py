"""Telefonpatenschaften: phone friendships, their dates, and the dates that fell through."""
