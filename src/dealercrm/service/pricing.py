"""The one pricing rule for repair-order lines: quantity x unit price, less the member discount on what the
customer pays. Warranty and insurance lines are never discounted (someone else pays them)."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from dealercrm.service.choices import Payer

CENT = Decimal("0.01")


@dataclass(frozen=True)
class LinePrice:
    gross: Decimal
    discount: Decimal
    amount: Decimal


def line_price(quantity: Decimal, unit_price: Decimal, payer: str, discount_percent: Decimal) -> LinePrice:
    gross = (quantity.quantize(CENT, ROUND_HALF_UP) * unit_price.quantize(CENT, ROUND_HALF_UP)).quantize(
        CENT, ROUND_HALF_UP
    )
    percent = discount_percent if payer == Payer.CUSTOMER else Decimal(0)
    discount = (gross * percent / Decimal(100)).quantize(CENT, ROUND_HALF_UP)
    return LinePrice(gross=gross, discount=discount, amount=gross - discount)
