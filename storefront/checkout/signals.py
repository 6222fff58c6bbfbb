"""What checkout tells the rest of the shop, without importing any of it."""

from django.dispatch import Signal

# Sent when the shop hands a visitor's cart to WHMCS's checkout page: `visitor`, `cart_id`.
handed_off = Signal()
