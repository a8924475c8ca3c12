/**
 * Discovery documents: `/{tenant}/.well-known/openid-configuration` (v1) and
 * `/{tenant}/v2.0/.well-known/openid-configuration`, the JWKS they name, and realm discovery
 * `GET /common/UserRealm/{upn}?api-version=1.0|2.0` (roadlib reads `account_type`:
 * Managed / Federated / Unknown from the tenant's domains). URLs are built from the request's
 * own scheme and Host, so the documents point back at whichever name and port the client used.
 */
import type { Tenant } from '../tenant/model.ts';
import { issuerFor } from './tokens.ts';

export function openidConfiguration(tenant: Tenant, segment: string, base: string, v2: boolean): Record<string, unknown> {
  const seg = segment.toLowerCase() === 'common' || segment.toLowerCase() === 'organizations' ? segment : tenant.id;
  const tid = seg === tenant.id ? tenant.id : '{tenantid}';
  const prefix = `${base}/${seg}`;
  return {
    token_endpoint: v2 ? `${prefix}/oauth2/v2.0/token` : `${prefix}/oauth2/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: v2 ? `${prefix}/discovery/v2.0/keys` : `${base}/common/discovery/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: v2 ? issuerFor(tid, true) : issuerFor(tid, false),
    request_uri_parameter_supported: false,
    authorization_endpoint: v2 ? `${prefix}/oauth2/v2.0/authorize` : `${prefix}/oauth2/authorize`,
    device_authorization_endpoint: v2 ? `${prefix}/oauth2/v2.0/devicecode` : `${prefix}/oauth2/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: v2 ? `${prefix}/oauth2/v2.0/logout` : `${prefix}/oauth2/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'amr', 'nonce', 'email', 'given_name', 'family_name', 'nickname'],
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}

/** The domain part of a UPN-like string, lower case, or ''. */
const domainOf = (upn: string) => (upn.includes('@') ? upn.slice(upn.lastIndexOf('@') + 1).toLowerCase() : '');

export function userRealm(tenant: Tenant, upn: string, apiVersion: string): Record<string, unknown> {
  const name = domainOf(upn);
  const d = name ? tenant.domain(name) : undefined;
  const type = !d || !d.isVerified ? 'Unknown' : d.authenticationType;
  const federation =
    type === 'Federated'
      ? {
          federation_protocol: 'WSTrust',
          federation_metadata_url: `https://sts.${name}/adfs/services/trust/mex`,
          federation_active_auth_url: `https://sts.${name}/adfs/services/trust/2005/usernamemixed`,
        }
      : {};
  if (apiVersion === '2.0') {
    return {
      NameSpaceType: type,
      Login: upn,
      DomainName: d ? d.name : name,
      FederationBrandName: tenant.displayName,
      TenantBrandingInfo: null,
      cloud_instance_name: 'microsoftonline.com',
      ...(type === 'Federated' ? { AuthURL: federation.federation_active_auth_url, FederationProtocol: 'WSTrust', FederationActiveAuthUrl: federation.federation_active_auth_url } : {}),
    };
  }
  return {
    ver: '1.0',
    account_type: type,
    domain_name: d ? d.name : name,
    ...(type !== 'Unknown' ? { federation_brand_name: tenant.displayName } : {}),
    cloud_instance_name: 'microsoftonline.com',
    cloud_audience_urn: 'urn:federation:MicrosoftOnline',
    ...federation,
  };
}

/**
 * Device Registration Discovery ([MS-DVRD] 3.1.5.1, `GET /{domain}/EnrollmentServer/contract?api-version=`,
 * and the newer `GET /{domain}/Discover?api-version=1.9` libhimmelblau reads): where the registration,
 * join, key provisioning and nonce services and the OAuth endpoints are, and the tenant, as JSON
 * (field names as MS-DVRD and libhimmelblau's discovery.rs spell them). The lab serves every
 * endpoint from the host the client asked.
 */
export function drsContract(tenant: Tenant, base: string, apiVersion: string): Record<string, unknown> {
  const resource = 'urn:ms-drs:enterpriseregistration.windows.net';
  return {
    ServicesService: { ServicesEndpoint: `${base}/${tenant.id}/Discover`, ServiceVersion: apiVersion || '1.0' },
    DeviceRegistrationService: { RegistrationEndpoint: `${base}/EnrollmentServer/DeviceEnrollmentWebService.svc`, RegistrationResourceId: resource, ServiceVersion: apiVersion || '1.0' },
    AuthenticationService: { OAuth2: { AuthCodeEndpoint: `${base}/${tenant.id}/oauth2/authorize`, TokenEndpoint: `${base}/${tenant.id}/oauth2/token` } },
    IdentityProviderService: { PassiveAuthEndpoint: `${base}/${tenant.id}/oauth2/authorize` },
    DeviceJoinService: { JoinEndpoint: `${base}/EnrollmentServer/device/`, JoinResourceId: resource, ServiceVersion: '2.0' },
    KeyProvisioningService: { KeyProvisionEndpoint: `${base}/EnrollmentServer/key/`, KeyProvisionResourceId: resource, ServiceVersion: '1.0' },
    NonceService: { Endpoint: `${base}/EnrollmentServer/nonce/${tenant.id}/`, ResourceId: resource, ServiceVersion: '1.0' },
    TenantInfo: { TenantId: tenant.id, TenantName: tenant.initialDomain, DisplayName: tenant.displayName },
  };
}
