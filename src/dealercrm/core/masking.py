"""How phone and ID numbers look to a role without the need to see them."""


def mask_phone(value: str) -> str:
    """138****1234 for a mobile; a landline keeps its area code and last four."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * (len(value) - 2) + value[-2:]
    return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"


def mask_id_number(value: str) -> str:
    """110105********002X: region kept, birth date and sequence hidden."""
    if not value:
        return ""
    return f"{value[:6]}{'*' * (len(value) - 10)}{value[-4:]}"


def mask_email(value: str) -> str:
    local, at, domain = (value or "").partition("@")
    if not at:
        return mask_phone(value)
    return f"{local[:1]}***@{domain}"
