"""SCIM 2.0 provisioning (RFC 7643/7644) for Microsoft Entra ID and other identity providers:
`/scim/v2/o/<org_slug>/`. Users are staff records, groups are teams (ADR 0035)."""
