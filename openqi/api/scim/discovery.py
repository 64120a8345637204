"""The SCIM discovery documents (RFC 7643 §5–7): what this server supports, its resource types
and the schemas of the attributes it keeps. Attributes not listed here are refused (PATCH) or
ignored (POST/PUT), so an identity provider's attribute mapping can be checked against them."""

from typing import Any

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
SPC = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
RESOURCE_TYPE = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema"
MAX_RESULTS = 200


def _attr(
    name: str,
    description: str,
    *,
    type_: str = "string",
    multi: bool = False,
    required: bool = False,
    mutability: str = "readWrite",
    returned: str = "default",
    uniqueness: str = "none",
    sub: list[dict[str, Any]] | None = None,
    canonical: list[str] | None = None,
    reference_types: list[str] | None = None,
) -> dict[str, Any]:
    attribute: dict[str, Any] = {
        "name": name,
        "type": type_,
        "multiValued": multi,
        "description": description,
        "required": required,
        "caseExact": False,
        "mutability": mutability,
        "returned": returned,
        "uniqueness": uniqueness,
    }
    if sub is not None:
        attribute["subAttributes"] = sub
    if canonical is not None:
        attribute["canonicalValues"] = canonical
    if reference_types is not None:
        attribute["referenceTypes"] = reference_types
    return attribute


USER_ATTRIBUTES = [
    _attr(
        "userName",
        "The sign-in name (Entra's user principal name). An email address.",
        required=True,
        uniqueness="server",
    ),
    _attr(
        "name",
        "The person's name.",
        type_="complex",
        sub=[
            _attr("givenName", "Given name."),
            _attr("familyName", "Family name."),
        ],
    ),
    _attr("displayName", "The name shown in OpenQI, made from the name.", mutability="readOnly"),
    _attr("title", "The person's job title (ESR position)."),
    _attr(
        "emails",
        "The work email address: the invitation goes there. Required: OpenQI invites people by email.",
        type_="complex",
        multi=True,
        required=True,
        sub=[
            _attr("value", "The address.", required=True),
            _attr("type", "Work.", canonical=["work"]),
            _attr("primary", "The address used.", type_="boolean"),
        ],
    ),
    _attr("active", "False ends the person's membership; their account and work stay.", type_="boolean"),
    _attr(
        "groups",
        "The person's team (set through the Groups endpoint).",
        type_="complex",
        multi=True,
        mutability="readOnly",
        sub=[
            _attr("value", "The team's id.", mutability="readOnly"),
            _attr("display", "The team's name.", mutability="readOnly"),
            _attr("$ref", "The team's address.", type_="reference", mutability="readOnly", reference_types=["Group"]),
        ],
    ),
]
ENTERPRISE_ATTRIBUTES = [_attr("employeeNumber", "The ESR employee number.")]
GROUP_ATTRIBUTES = [
    _attr("displayName", "The team's name.", required=True, uniqueness="server"),
    _attr(
        "members",
        "The team's members (a person is in one team: adding them here moves them).",
        type_="complex",
        multi=True,
        sub=[
            _attr("value", "The person's id.", mutability="immutable"),
            _attr("display", "The person's name.", mutability="readOnly"),
            _attr("$ref", "The person's address.", type_="reference", mutability="immutable", reference_types=["User"]),
        ],
    ),
]
SCHEMAS = {
    USER: ("User", "A member of staff", USER_ATTRIBUTES),
    ENTERPRISE: ("EnterpriseUser", "Enterprise user", ENTERPRISE_ATTRIBUTES),
    GROUP: ("Group", "A team", GROUP_ATTRIBUTES),
}


def schema_document(schema_id: str, base: str) -> dict[str, Any]:
    name, description, attributes = SCHEMAS[schema_id]
    return {
        "schemas": [SCHEMA],
        "id": schema_id,
        "name": name,
        "description": description,
        "attributes": attributes,
        "meta": {"resourceType": "Schema", "location": f"{base}/Schemas/{schema_id}"},
    }


def resource_types(base: str) -> dict[str, dict[str, Any]]:
    return {
        "User": {
            "schemas": [RESOURCE_TYPE],
            "id": "User",
            "name": "User",
            "endpoint": "/Users",
            "description": "Staff: an organisation's staff records",
            "schema": USER,
            "schemaExtensions": [{"schema": ENTERPRISE, "required": False}],
            "meta": {"resourceType": "ResourceType", "location": f"{base}/ResourceTypes/User"},
        },
        "Group": {
            "schemas": [RESOURCE_TYPE],
            "id": "Group",
            "name": "Group",
            "endpoint": "/Groups",
            "description": "Teams",
            "schema": GROUP,
            "schemaExtensions": [],
            "meta": {"resourceType": "ResourceType", "location": f"{base}/ResourceTypes/Group"},
        },
    }


def service_provider_config(base: str, docs: str) -> dict[str, Any]:
    return {
        "schemas": [SPC],
        "documentationUri": docs,
        "patch": {"supported": True},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": MAX_RESULTS},
        "changePassword": {"supported": False},
        "sort": {"supported": False},
        "etag": {"supported": False},
        "authenticationSchemes": [
            {
                "type": "oauthbearertoken",
                "name": "OAuth Bearer Token",
                "description": "An OpenQI organisation service token with the SCIM scope, as a bearer token.",
                "specUri": "https://www.rfc-editor.org/rfc/rfc6750",
                "primary": True,
            }
        ],
        "meta": {"resourceType": "ServiceProviderConfig", "location": f"{base}/ServiceProviderConfig"},
    }


def list_response(resources: list[dict[str, Any]], *, total: int, start: int) -> dict[str, Any]:
    return {
        "schemas": [LIST],
        "totalResults": total,
        "itemsPerPage": len(resources),
        "startIndex": start,
        "Resources": resources,
    }
