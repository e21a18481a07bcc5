"""Sales pages, split by concern: leads, test drives, orders and delivery, reports and settings.

Every page is decorated with sales.access.requires_sales: a page about one record fetches it through a scoped
selector first (404 for a record the actor may not see), then checks the page's permission (403).
"""
