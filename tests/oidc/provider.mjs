// A real OpenID Connect provider for the trainer sign-in tests: the certified oidc-provider,
// with one confidential client and three users. Its own development login page accepts any
// login name (the password is not checked); the name decides the roles:
//   trainer-*  -> roles ["Trainer"]
//   lead-*     -> roles ["LearningLead"]
//   anyone else -> no role
// Signing out (RP-initiated logout) asks "Yes, sign me out", then returns to the client's
// post_logout_redirect_uri.
// Usage: node provider.mjs <port> <client_id> <client_secret> <redirect_uri>... \
//          [-- <post_logout_redirect_uri>...]
// Prints "ready <issuer>" on stdout once it listens on 127.0.0.1.
import Provider from "oidc-provider";

const [port, clientId, clientSecret, ...uris] = process.argv.slice(2);
const separator = uris.includes("--") ? uris.indexOf("--") : uris.length;
const redirectUris = uris.slice(0, separator);
const postLogoutRedirectUris = uris.slice(separator + 1);
const issuer = `http://127.0.0.1:${port}`;

function rolesOf(login) {
  if (login.startsWith("lead-")) return ["LearningLead"];
  if (login.startsWith("trainer-")) return ["Trainer"];
  return [];
}

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: redirectUris,
      post_logout_redirect_uris: postLogoutRedirectUris,
      response_types: ["code"],
      grant_types: ["authorization_code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  claims: { openid: ["sub"], profile: ["name", "roles"] },
  conformIdTokenClaims: false, // the roles in the ID token, as Microsoft Entra ID puts them
  cookies: { keys: ["test cookie key, never deployed"] },
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => true },
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, name: `Test ${id}`, roles: rolesOf(id) };
      },
    };
  },
});
provider.proxy = false;

provider.listen(Number(port), "127.0.0.1", () => {
  process.stdout.write(`ready ${issuer}\n`);
});
