"""Back-office views, one module per feature: auth, dashboard, resources, history, reports,
links (provider update links), photos, geo (postal code look-up)."""
