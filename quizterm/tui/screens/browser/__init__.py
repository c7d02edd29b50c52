"""The card browser's screens: the table of cards (`table.py`), a card's page (`card_page.py`), the reset
question (`confirm.py`) and the actions both offer (`actions.py`)."""
