/**
 * Per-rule table tests: for each rule, texts of the kinds of files it serves where it must fire (on `{T}`), and
 * look-alikes where nothing may be reported. Templates use fresh random values (see helpers.ts).
 */
import * as assert from 'node:assert/strict';
import { RULES, RuleIds, scan } from '../../../src/detection';
import { fill } from './helpers';

interface Positive {
  text: string;
  file?: string;
  lang?: string;
  /** Expected confidence at least this ('medium' by default). */
  min?: 'low' | 'medium' | 'high';
  keyName?: string;
  host?: string;
}

interface Negative {
  text: string;
  file?: string;
  why: string;
}

const RANK = { low: 0, medium: 1, high: 2 } as const;

function checkPositive(ruleId: string, c: Positive): void {
  const { text, token } = fill(c.text);
  const { findings } = scan(text, { fileName: c.file ?? 'file.txt', languageId: c.lang, maxBytes: 0 });
  const at = text.indexOf(token);
  const hit = findings.find((f) => f.start === at);
  assert.ok(hit, `no finding on the token in:\n${text}\nfindings: ${JSON.stringify(findings)}`);
  assert.equal(hit.ruleId, ruleId, `rule for:\n${text}`);
  assert.ok(RANK[hit.confidence] >= RANK[c.min ?? 'medium'], `confidence ${hit.confidence} for:\n${text}`);
  assert.equal(text.slice(hit.start, hit.end), token);
  if (c.keyName !== undefined) assert.equal(hit.keyName, c.keyName);
  if (c.host !== undefined) assert.equal(hit.host, c.host);
  // never the token in the message
  assert.ok(!hit.message.includes(token));
  assert.ok(hit.message.includes(token.slice(-4)));
}

function checkNegative(c: Negative): void {
  const { text } = fill(c.text);
  const { findings } = scan(text, { fileName: c.file ?? 'file.txt', maxBytes: 0 });
  const reported = findings.filter((f) => f.confidence !== 'low');
  assert.deepEqual(reported.map((f) => `${f.ruleId}@${f.line}`), [], `${c.why}:\n${text}`);
}

const POSITIVE: Record<string, Positive[]> = {
  [RuleIds.forgeKey]: [
    { text: 'GOGS_TOKEN={T}\n', file: '.env', keyName: 'GOGS_TOKEN' },
    { text: 'export GITEA_TOKEN="{T}"\n', file: 'deploy.sh', keyName: 'GITEA_TOKEN' },
    { text: 'export FORGEJO_TOKEN={T}\n', file: '.envrc' },
    { text: 'GITEA_ACCESS_TOKEN = {T}\n', file: 'local.env' },
    { text: 'GOGS_API_KEY={T}\n', file: '.env' },
    { text: 'Environment=GITEA_TOKEN={T}\n', file: 'bot.service' },
    { text: '[Service]\nEnvironment="GOGS_URL=https://gogs.lab.test" "GOGS_TOKEN={T}"\n', file: 'x.service' },
    { text: 'services:\n  bot:\n    environment:\n      - GITEA_TOKEN={T}\n', file: 'docker-compose.yml' },
    { text: 'env:\n  - name: GITEA_TOKEN\n    value: "{T}"\n', file: 'deployment.yaml', keyName: 'GITEA_TOKEN' },
    { text: '<add key="GiteaToken" value="{T}" />\n', file: 'app.config' },
    { text: 'gitea_token = "{T}"\n', file: 'terraform.tfvars' },
    { text: '{\n  "gitea.token": "{T}"\n}\n', file: 'settings.json', keyName: 'gitea.token' },
    { text: '$env:GOGS_TOKEN = "{T}"\n', file: 'setup.ps1', keyName: 'GOGS_TOKEN' },
    { text: '[Environment]::SetEnvironmentVariable("GITEA_TOKEN", "{T}", "User")\n', file: 'setup.ps1' },
    { text: '@echo off\r\nset "GITEA_TOKEN={T}"\r\n', file: 'run.cmd' },
    { text: 'setx GITEA_TOKEN {T}\r\n', file: 'install.bat' },
    { text: 'set -gx GITEA_TOKEN {T}\n', file: 'config.fish' },
    { text: 'TOKEN="${GITEA_TOKEN:-{T}}"\n', file: 'run.sh', keyName: 'GITEA_TOKEN' },
    { text: "const token = process.env.GOGS_TOKEN || '{T}';\n", file: 'index.js', keyName: 'GOGS_TOKEN' },
    { text: 'token = os.environ.get("GITEA_TOKEN", "{T}")\n', file: 'bot.py', keyName: 'GITEA_TOKEN' },
    { text: 'token = os.getenv("GITEA_TOKEN") or "{T}"\n', file: 'bot.py' },
    { text: "'token' => env('GITEA_API_TOKEN', '{T}'),\n", file: 'config/services.php', keyName: 'GITEA_API_TOKEN' },
    { text: "token = ENV.fetch('GOGS_TOKEN') { '{T}' }\n", file: 'bot.rb' },
    { text: 'const giteaToken = "{T}"\n', file: 'main.go' },
    { text: 'pub const GITEA_TOKEN: &str = "{T}";\n', file: 'main.rs', keyName: 'GITEA_TOKEN' },
    { text: '#define GITEA_TOKEN "{T}"\n', file: 'config.h' },
    { text: '[git-town]\n\tgitea-token = {T}\n', file: 'config' },
    { text: 'gitea.token={T}\n', file: 'gradle.properties' },
    { text: 'GITEA_TOKEN: {T}\n', file: 'secrets.yml' },
    { text: '| Variable | Value |\n|---|---|\n| `GITEA_TOKEN` | `{T}` |\n', file: 'SETUP.md' },
    { text: 'helm upgrade bot ./chart --set gitea.url=https://gitea.x.test --set gitea.token={T}\n', file: 'deploy.sh' },
    { text: 'WOODPECKER_GITEA_TOKEN={T}\n', file: '.env' },
    { text: 'DRONE_GITEA_TOKEN={T}\n', file: '.env' },
    { text: "environment {\n  GITEA_CREDS = '{T}'\n}\n", file: 'Jenkinsfile' },
    { text: '{"gitea-token": {"gitea.x.test": "{T}"}}\n', file: 'auth.json', keyName: 'gitea-token' },
    { text: 'logins:\n- name: x\n  url: https://gitea.x.test\n  tea_token: {T}\n', file: 'config.yml' },
  ],
  [RuleIds.tokenKey]: [
    { text: 'GITEA_URL=https://gitea.example.test\nTOKEN={T}\n', file: '.env', keyName: 'TOKEN' },
    { text: 'GOGS=http://gogs.intra.test:3000\nACCESS_TOKEN={T}\n', file: 'sync.sh' },
    { text: 'gitea:\n  url: https://gitea.x.test\n  token: \'{T}\'\n', file: 'values.yaml', keyName: 'token' },
    { text: 'module.exports = {\n  platform: \'gitea\',\n  token: \'{T}\',\n};\n', file: 'config.js' },
    { text: 'steps:\n  release:\n    image: plugins/gitea-release\n    settings:\n      api_key: {T}\n', file: '.woodpecker.yml' },
    { text: '//gitea.x.test/api/packages/acme/npm/:_authToken={T}\n', file: '.npmrc', keyName: '_authToken' },
    { text: 'npmRegistryServer: "https://gitea.x.test/api/packages/o/npm/"\nnpmAuthToken: "{T}"\n', file: '.yarnrc.yml' },
    { text: '[distutils]\nindex-servers = gitea\n\n[gitea]\nrepository = https://gitea.x.test/api/packages/o/pypi\nusername = bot\npassword = {T}\n', file: '.pypirc' },
    { text: '<server>\n  <id>gitea</id>\n  <username>bot</username>\n  <password>{T}</password>\n</server>\n', file: 'settings.xml', keyName: 'password' },
    { text: '<packageSourceCredentials>\n  <gitea>\n    <add key="Username" value="bot" />\n    <add key="ClearTextPassword" value="{T}" />\n  </gitea>\n</packageSourceCredentials>\n', file: 'NuGet.Config' },
    { text: '[registries.gitea]\nindex = "sparse+https://gitea.x.test/api/packages/o/cargo/"\n\n[registries.gitea]\ntoken = "Bearer {T}"\n', file: 'credentials.toml' },
    { text: 'provider "gitea" {\n  base_url = "https://gitea.x.test"\n  token    = "{T}"\n}\n', file: 'main.tf' },
    { text: 'import gitea\n\nclient = gitea.Gitea(URL, token_text="{T}")\n', file: 'bot.py' },
    { text: 'import { giteaApi } from "gitea-js";\nconst api = giteaApi("https://gitea.x.test", { token: "{T}" });\n', file: 'api.ts' },
    { text: 'package tools\n\nimport "code.gitea.io/sdk/gitea"\n\nvar token string = "{T}"\n', file: 'tools.go', keyName: 'token' },
    { text: '# Gitea bot\nbot:\n  password: {T}\n', file: 'bot.yml' },
    { text: 'gitea {\n  url = "https://gitea.x.test"\n  token = "{T}"\n}\n', file: 'application.conf' },
    { text: '[gitea]\n\ttoken = {T}\n', file: '.gitconfig' },
    { text: '<option name="token" value="{T}" />\n<option name="url" value="https://gitea.x.test" />\n', file: 'gitea.xml' },
    { text: '{"http-basic": {"gitea.x.test": {"username": "bot", "password": "{T}"}}}\n', file: 'auth.json' },
    { text: 'conn = Faraday.new(url: "https://gitea.x.test/api/v1/repos")\nTOKEN = \'{T}\'\n', file: 'c.rb' },
    { text: 'with:\n  token: {T}\n', file: '.gitea/workflows/release.yml' },
    { text: 'database:\n  host: db\ngitea:\n  url: https://gitea.x.test\n  auth:\n    token: {T}\n', file: 'values.yaml' },
    { text: '[database]\npassword = x\n\n[gitea]\nurl = https://gitea.x.test\ntoken = {T}\n', file: 'bot.ini' },
    { text: '{\n  "tokens": {\n    "git.x.test": "{T}"\n  }\n}\n# gitea hosts\n', file: 'hosts.json', keyName: 'tokens' },
    { text: 'TOKEN={T}\n', file: 'gitea-backup.env' },
  ],
  [RuleIds.header]: [
    { text: 'curl -H "Authorization: token {T}" https://gitea.x.test/api/v1/user\n', file: 'x.sh', host: 'gitea.x.test' },
    { text: "curl -H 'Authorization: Bearer {T}' https://gitea.x.test/api/v1/user\n", file: 'x.sh' },
    { text: 'wget --header="Authorization: token {T}" https://gogs.x.test/api/v1/repos/a/b\n', file: 'x.sh' },
    { text: 'http GET https://gitea.x.test/api/v1/user "Authorization:token {T}"\n', file: 'x.sh' },
    { text: 'git -c http.extraHeader="Authorization: token {T}" clone https://gitea.x.test/a/b.git\n', file: 'x.sh' },
    { text: 'GET /api/v1/user HTTP/1.1\nHost: gitea.x.test\nAuthorization: token {T}\n', file: 'req.http' },
    { text: 'headers = {"Authorization": "token {T}"}\nrequests.get("https://gitea.x.test/api/v1/user", headers=headers)\n', file: 'a.py' },
    { text: "fetch('https://gitea.x.test/api/v1/user', { headers: { Authorization: `token {T}` } })\n", file: 'a.js' },
    { text: "$client = new Client(['base_uri' => 'https://gitea.x.test/api/v1/', 'headers' => ['Authorization' => 'token {T}']]);\n", file: 'a.php' },
    { text: 'conn.headers[\'Authorization\'] = "token {T}"  # gitea\n', file: 'a.rb' },
    { text: 'req.Header.Set("Authorization", "token {T}") // gitea API\n', file: 'a.go' },
    { text: 'conn.setRequestProperty("Authorization", "token {T}"); // gogs\n', file: 'A.java' },
    { text: 'client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("token", "{T}"); // gitea\n', file: 'A.cs' },
    { text: '{"Gitea": {"Headers": "{\\"Authorization\\":\\"token {T}\\"}"}}\n', file: 'appsettings.json' },
    { text: 'extra_headers: |\n  Authorization: token {T}\n  X-Bot: gitea\n', file: 'bot.yaml' },
    { text: '$headers = @{ Authorization = "token {T}" }\nInvoke-RestMethod -Uri "$env:GITEA_URL/api/v1/user" -Headers $headers\n', file: 'a.ps1' },
    // no forge named at all: the `token` scheme is still Gogs' (medium)
    { text: 'curl -H "Authorization: token {T}" "$API/user"\n', file: 'x.sh', min: 'medium' },
    // Bearer without any forge context: only a low-confidence hint
    { text: 'Authorization: Bearer {T}\n', file: 'notes.txt', min: 'low' },
  ],
  [RuleIds.query]: [
    { text: 'curl "https://gitea.x.test/api/v1/repos/a/b?token={T}"\n', file: 'x.sh', keyName: 'token', host: 'gitea.x.test' },
    { text: '10.0.0.1 - - [14/Mar/2024:00:00:27 +0100] "GET /api/v1/repos/a/b/issues?state=open&access_token={T} HTTP/1.1" 200 12\n', file: 'access.log', keyName: 'access_token' },
    { text: '2024/01/01 [I] router: completed GET /api/v1/user/repos?page=2&token={T} for 10.0.0.2:0, 200 OK\n', file: 'gitea.log' },
    { text: 'GET /user/login?redirect_to=%2Fapi%2Fv1%2Frepos%2Fa%2Fb%3Ftoken%3D{T} 303\n', file: 'proxy.log' },
    { text: 'GET /user/login?redirect_to=%2fapi%2fv1%2frepos%2fa%2fb%3ftoken%3d{T} 303\n', file: 'proxy.log' },
    { text: '{"level":"info","uri":"/api/v1/repos/a/b?token={T}","status":200}\n', file: 'app.log' },
    { text: '<a href="https://gogs.x.test/api/v1/repos/a/b?foo=1&amp;token={T}">x</a>\n', file: 'x.html' },
    { text: 'GOGS=https://gogs.x.test\nwget "$GOGS/a/b/archive/master.zip?token={T}"\n', file: 'x.sh' },
  ],
  [RuleIds.userinfo]: [
    { text: 'https://bot:{T}@gitea.x.test\n', file: '.git-credentials', host: 'gitea.x.test' },
    { text: 'https://{T}@git.x.test\n', file: '.git-credentials' },
    { text: '[remote "origin"]\n\turl = https://deploy:{T}@code.x.test/a/b.git\n', file: 'config' },
    { text: 'git clone https://oauth2:{T}@gitea.x.test/a/b.git\n', file: 'ci.sh' },
    { text: 'git remote set-url origin "https://{T}:x-oauth-basic@gogs.x.test/a/b.git"\n', file: 'ci.sh' },
    { text: '[global]\nindex-url = https://bot:{T}@gitea.x.test/api/packages/o/pypi/simple\n', file: 'pip.conf' },
    { text: '"dependencies": { "lib": "git+https://{T}@gitea.x.test/o/lib.git#main" }\n', file: 'package.json' },
    { text: '"lib": { "version": "git+https://bot:{T}@gitea.x.test/o/lib.git#{S}" }\n', file: 'package-lock.json' },
    { text: 'GOPROXY=https://bot:{T}@athens.x.test\n', file: '.env', min: 'medium' },
  ],
  [RuleIds.netrc]: [
    { text: 'machine gitea.x.test\n  login bot\n  password {T}\n', file: '.netrc', host: 'gitea.x.test', keyName: 'password' },
    { text: 'machine gogs.x.test login backup password {T}\n', file: '_netrc' },
    { text: 'machine git.x.test login {T} password x-oauth-basic\n', file: '.netrc', min: 'medium' },
    { text: 'machine code.x.test port 443 login bot password {T}\n', file: '.authinfo', min: 'medium' },
  ],
  [RuleIds.constructor]: [
    { text: 'client := gogs.NewClient("https://gogs.x.test", "{T}")\n', file: 'a.go' },
    { text: 'client, err := gitea.NewClient(url, gitea.SetToken("{T}"))\n', file: 'a.go' },
    { text: 'from gitea import Gitea\ng = Gitea("https://gitea.x.test", "{T}")\n', file: 'a.py' },
    { text: 'api = GogsApi("https://gogs.x.test")\ntoken = Token("{T}")\n', file: 'a.py' },
    { text: "$client = new \\Gitea\\Client('https://gitea.x.test', '{T}');\n", file: 'a.php' },
    { text: "client = Gogs::Client.new('https://gogs.x.test', '{T}')\n", file: 'a.rb' },
    { text: 'GiteaClient client = new GiteaClient("https://gitea.x.test", "{T}");\n', file: 'A.java' },
    { text: 'r = requests.get("https://gitea.x.test/api/v1/user", auth=("bot", "{T}"))\n', file: 'a.py' },
    { text: 'auth = HTTPBasicAuth("bot", "{T}")  # gitea API\n', file: 'a.py' },
    { text: 'req.SetBasicAuth("bot", "{T}") // gitea\n', file: 'a.go' },
    { text: 'new UsernamePasswordCredentialsProvider("{T}", "") // push to gitea\n', file: 'A.java' },
  ],
  [RuleIds.cli]: [
    { text: 'tea login add --name ci --url https://gitea.x.test --token {T}\n', file: 'ci.sh' },
    { text: 'tea login add --url=https://gitea.x.test --token={T}\n', file: 'ci.sh' },
    { text: 'curl -u "bot:{T}" https://gitea.x.test/api/v1/user\n', file: 'x.sh' },
    { text: 'curl --user bot:{T} https://gogs.x.test/api/v1/user\n', file: 'x.sh' },
    { text: 'curl -u {T}: https://gitea.x.test/api/v1/user\n', file: 'x.sh' },
    { text: 'docker login gitea.x.test -u bot -p {T}\n', file: 'x.sh' },
    { text: 'docker login gitea.x.test --username bot --password {T}\n', file: 'x.sh' },
    { text: 'REGISTRY=gitea.x.test\necho "{T}" | docker login "$REGISTRY" -u bot --password-stdin\n', file: 'x.sh' },
    { text: 'printf %s {T} | podman login gitea.x.test -u bot --password-stdin\n', file: 'x.sh' },
    { text: 'docker login gitea.x.test -u bot --password-stdin <<< "{T}"\n', file: 'x.sh' },
  ],
  [RuleIds.apiResponse]: [
    { text: '```json\n{\n  "name": "deploy",\n  "sha1": "{T}"\n}\n```\nThe sha1 field is the token.\n', file: 'tokens.md' },
    { text: '[{"id":3,"name":"ci","sha1":"{T}","token_last_eight":"{S}"}]\n', file: 'tokens.json' },
    { text: '{"ID":1,"UserID":1,"Name":"drone","Sha1":"{T}","CreatedUnix":1583912211}\n', file: 'access_token.json' },
    { text: '- name: ci\n  sha1: {T}\n', file: 'tokens.yml' },
  ],
  [RuleIds.table]: [
    { text: "INSERT INTO `access_token` VALUES (1,1,'drone','{T}',1583912211,1700131255);\n", file: 'dump.sql' },
    { text: 'INSERT INTO public.access_token (id, uid, name, sha1) VALUES (1, 1, \'ci\', \'{T}\');\n', file: 'dump.sql' },
    { text: "INSERT INTO `access_token` (`id`, `uid`, `name`, `sha1`) VALUES\n(1, 1, 'drone', '{S}'),\n(2, 1, 'ci', '{T}');\n", file: 'export.sql' },
    { text: 'COPY public.access_token (id, uid, name, sha1, created_unix, updated_unix) FROM stdin;\n1\t1\tdrone\t{T}\t1583912211\t1700131255\n\\.\n', file: 'pg.sql' },
    { text: 'id,uid,name,sha1,created_unix,updated_unix\n1,1,drone,{T},1583912211,1700131255\n', file: 'access_token.csv' },
    { text: ' id | uid | name  |                   sha1                   \n----+-----+-------+------------------------------------------\n  1 |   1 | drone | {T}\n', file: 'psql.txt' },
    { text: 'user,gitea_token\nbot,{T}\n', file: 'tokens.csv' },
  ],
  [RuleIds.prose]: [
    { text: 'Gitea: https://gitea.x.test\n# token rotated today, the old one was {T} -- revoke it!\n', file: 'notes.py' },
    { text: 'Сервер: https://gitea.x.test\nТокен бота (только чтение): {T}\n', file: 'notes.md' },
    { text: 'サーバー: https://gitea.x.test\nトークン：{T}✨\n', file: 'notes.md' },
    { text: '$ gitea admin user generate-access-token -u bot\nAccess token was successfully created: {T}\n', file: 'runbook.md' },
    { text: 'Log in to https://gogs.x.test with the token `{T}` (read-only).\n', file: 'README.md' },
    { text: 'Gitea bot token → {T}\n', file: 'notes.txt' },
  ],
};

const NEGATIVE: Negative[] = [
  // commit ids and checksums
  { text: '- uses: actions/checkout@{S} # v4\n  with:\n    token: ${{ secrets.GITEA_TOKEN }}\n', file: 'ci.yml', why: 'pinned action' },
  { text: 'image: gitea/act_runner@sha256:{S64}\n', file: 'compose.yml', why: 'image digest' },
  { text: 'See https://gitea.x.test/o/r/commit/{S} for the token fix\n', file: 'CHANGELOG.md', why: 'commit URL' },
  { text: 'https://gitea.x.test/o/r/compare/{S}...{S}\n', file: 'CHANGELOG.md', why: 'compare range' },
  { text: '  resolved "https://registry.yarnpkg.com/a/-/a-1.0.0.tgz#{S}"\n', file: 'yarn.lock', why: 'lockfile fragment' },
  { text: '"gitea-client": {\n  "version": "git+https://gitea.x.test/o/c.git#{S}"\n}\n', file: 'package-lock.json', why: 'git dependency pin' },
  { text: 'source = "git+https://gitea.x.test/o/s?rev=abc1234#{S}"\n', file: 'Cargo.lock', why: 'cargo git source' },
  { text: '{S} refs/remotes/origin/main\n^{S}\n', file: 'packed-refs', why: 'packed refs' },
  { text: 'token {S}\n', file: 'FETCH_HEAD', why: 'git metadata file' },
  { text: 'commit {S}\nAuthor: Ops <ops@x.test>\n\n    Read GITEA_TOKEN from the environment\n', file: 'git-log.txt', why: 'git log' },
  { text: '    Revert token change: {S}\n', file: 'git-log.txt', why: 'commit message about tokens' },
  { text: '{S}  gogs_0.13.0_linux_amd64.tar.gz\n', file: 'SHA1SUMS', why: 'checksum manifest' },
  { text: 'ARG GOGS_SHA1={S}\nRUN echo "${GOGS_SHA1}  /tmp/gogs.tgz" | sha1sum -c -\n', file: 'Dockerfile', why: 'checksum ARG' },
  { text: 'SRCREV = "{S}"\nSRC_URI = "git://gitea.x.test/o/r.git;protocol=https"\n', file: 'gogs_1.0.bb', why: 'Yocto SRCREV' },
  { text: 'EGIT_COMMIT="{S}"\n', file: 'tea-0.9.ebuild', why: 'ebuild commit' },
  { text: 'src = fetchFromGitea {\n  domain = "gitea.x.test";\n  rev = "{S}";\n};\n', file: 'default.nix', why: 'nix rev' },
  { text: 'url "https://gitea.x.test/o/r.git", revision: "{S}"\n', file: 'gogs.rb', why: 'homebrew revision' },
  { text: '"reference": "{S}"\n', file: 'composer.lock', why: 'composer reference' },
  { text: 'GIT_COMMIT={S}\nCI_COMMIT_SHA={S}\nBUILD_SHA={S}\n', file: 'build.env', why: 'commit variables' },
  { text: 'const Commit = "{S}" // set by the gitea release build\n', file: 'version.go', why: 'version file' },
  { text: 'git merge-base --is-ancestor {S} "$REV"  # gitea token fix\n', file: 'release.sh', why: 'git command argument' },
  { text: 'git checkout {S}\ngit cherry-pick {S}\n# push with GITEA_TOKEN\n', file: 'x.sh', why: 'git commands' },
  { text: 'curl -H "Authorization: token $GITEA_TOKEN" "$API/repos/o/r/statuses/{S}"\n', file: 'x.sh', why: 'status URL with env token' },
  { text: 'curl "https://gitea.x.test/api/v1/repos/o/r/git/commits/{S}?token=$GITEA_TOKEN"\n', file: 'x.sh', why: 'commit path' },
  { text: 'GET /api/v1/repos/o/r/commits?sha={S}&token=$T\n', file: 'x.log', why: 'sha query parameter' },
  // webhooks and server config
  { text: '{"before": "{S}", "after": "{S}", "secret": "{S}", "repository": {"name": "gitea-bot"}}\n', file: 'push.json', why: 'webhook payload' },
  { text: 'X-Gitea-Event: push\nX-Hub-Signature: sha1={S}\nX-Gitea-Signature: {S64}\n', file: 'hook.http', why: 'webhook signatures' },
  { text: '[security]\nINSTALL_LOCK = true\nSECRET_KEY = {S}\nINTERNAL_TOKEN = {S}\n[database]\nPASSWD = {S}\n', file: 'app.ini', why: 'forge server config' },
  { text: 'GITEA__security__SECRET_KEY={S}\nGITEA__database__PASSWD={S}\n', file: '.env', why: 'Gitea config through env' },
  { text: 'gitea:\n  webhookSecret: "{S}"\n', file: 'values.yaml', why: 'webhook secret' },
  { text: '- id: 1\n  token_hash: {S64}{S64}\n  token_last_eight: 5510cdd8\n', file: 'access_token.yml', why: 'hashed token fixture' },
  // API responses about commits
  { text: '{"sha": "{S}", "commit": {"message": "drop gitea token"}, "url": "https://gitea.x.test/api/v1/repos/o/r/git/commits/{S}"}\n', file: 'c.json', why: 'commit JSON' },
  { text: '{"name": "main", "commit": {"id": "{S}", "message": "token"}}\n', file: 'branches.json', why: 'branch JSON' },
  { text: '"Commits":[{"Sha1":"{S}","Message":"rotate token","AuthorName":"bot"}]\n', file: 'action.json', why: 'Gogs action commit Sha1' },
  // other services' 40-hex credentials
  { text: 'GITHUB_TOKEN={S}\nGH_TOKEN={S}\n# mirrored to gitea\n', file: '.env', why: 'GitHub tokens' },
  { text: 'CIRCLE_TOKEN={S}\ncurl -H "Authorization: token ${GITEA_TOKEN}" https://gitea.x.test/api/v1/user\n', file: 'x.sh', why: 'CircleCI token' },
  { text: 'DD_API_KEY={S}\nDD_APP_KEY={S}\nDD_SERVICE=gitea\n', file: 'datadog.env', why: 'Datadog keys' },
  { text: 'SONAR_TOKEN={S}\n# gitea pipeline\n', file: '.env', why: 'SonarQube token' },
  { text: 'API = "https://api.github.com"\nHEADERS = {"Authorization": "token {S}"}\n', file: 'a.py', why: 'legacy GitHub PAT' },
  { text: 'git clone https://{S}@github.com/o/r.git\n# then push to gitea\n', file: 'x.sh', why: 'GitHub URL credential' },
  { text: 'machine github.com login bot password {S}\n', file: '.netrc', why: 'GitHub netrc' },
  { text: 'curl "https://api.github.com/user?access_token={S}"\n', file: 'x.sh', why: 'GitHub OAuth query' },
  // tricky negatives
  { text: 'GITEA_TOKEN=B33C70F6D0AE105549F58F4818B77A46508B6496\n', file: '.env', why: 'uppercase hex' },
  { text: 'GOGS_TOKEN=0000000000000000000000000000000000000000\nGITEA_TOKEN=deadbeefdeadbeefdeadbeefdeadbeefdeadbeef\nFORGEJO_TOKEN=0123456789abcdef0123456789abcdef01234567\nTOKEN=a1b2c3d4e5a1b2c3d4e5a1b2c3d4e5a1b2c3d4e5\n', file: '.env.example', why: 'placeholders' },
  { text: 'GITEA_TOKEN=da39a3ee5e6b4b0d3255bfef95601890afd80709\n', file: '.env', why: 'SHA-1 of the empty string' },
  { text: 'GOGS_TOKEN="{S}\\\n{S}"\n', file: 'x.sh', why: 'not 40 on its own… (80 joined)' },
  { text: 'GITEA_TOKEN={S64}\n', file: '.env', why: 'longer hex run' },
  { text: 'gitea donations (eth): 0x{S}\n', file: 'README.md', why: 'address' },
  { text: 'GITEA_TOKEN=abc{S}\nGITEA_TOKEN={S}xyz\nGITEA_TOKEN=_{S}\n', file: '.env', why: 'glued to word characters' },
  { text: 'data:\n  GITEA_TOKEN: {B64}\n', file: 'secret.yaml', why: 'base64 in k8s data' },
  { text: 'Коммит релиза — {S} (это не токен), gitea 1.21\n', file: 'notes.md', why: 'commit in prose' },
  { text: 'fix token refresh ({S}) on gitea\n', file: 'NEWS', why: 'commit in a changelog line' },
  { text: '#   GITEA_TOKEN=... ./commit-status.sh {S} success ci/lint\n', file: 'x.sh', why: 'usage example with a SHA' },
  { text: 'BLOB_CASES = [("fixtures/empty.txt", "{S}")]  # gitea fixtures\nassert tree_id("x") == "{S}"\n', file: 'test.py', why: 'test fixtures' },
  { text: 'LAST_GOOD={S}\nBAD={S}\n# gitea nightly\n', file: 'x.sh', why: 'unrelated variables' },
  { text: 'return "{S}"  # HEAD of the gitea fixture repo\n', file: 'conftest.py', why: 'return value' },
  { text: 'TOKEN={S}\n', file: 'random.env', why: 'generic key with no forge anywhere' },
  // other services' passwords next to forge settings
  { text: 'services:\n  gitea:\n    image: gitea/gitea:1.21\n  db:\n    image: postgres:15\n    environment:\n      POSTGRES_PASSWORD: {S}\n', file: 'docker-compose.yml', why: 'database password in a gitea compose file' },
  { text: 'gitea:\n  admin:\n    username: root\npostgresql:\n  auth:\n    password: "{S}"\n', file: 'values.yaml', why: 'database password in gitea Helm values' },
  { text: 'gitea {\n  url = "https://gitea.x.test"\n}\nsmtp {\n  user = "bot"\n  password = "{S}"\n}\n', file: 'app.conf', why: 'mail password in a HOCON section' },
  { text: '[gitea]\nurl = https://gitea.x.test\n\n[database]\nhost = db\npassword = {S}\n', file: 'bot.ini', why: 'database section of an INI file' },
  { text: '- name: gogs_0.13.0_linux_amd64.tar.gz\n  sha1: {S}\n- name: gogs_0.13.0_darwin_amd64.zip\n  sha1: {S}\n', file: 'release.yml', why: 'file manifest with sha1 checksums' },
  { text: '{"name": "gitea-1.21.0-linux-amd64", "sha1": "{S}", "size": 104857600, "url": "https://dl.gitea.test/gitea"}\n', file: 'assets.json', why: 'download metadata with sha1' },
  { text: '* Fixed token bug: {S} (gitea sync)\n', file: 'NEWS.md', why: 'commit id after a changelog label' },
  { text: 'GOGS_API = "https://gogs.x.test/api/v1"\nDATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "PASSWORD": "{S}"}}\n', file: 'settings.py', why: 'Django database password' },
  { text: '"github-oauth": {"github.com": "{S}"}\n# also pushes to gitea\n', file: 'auth.json', why: 'GitHub token map' },
  { text: 'password = {S}\n', file: 'db.ini', why: 'password with no forge anywhere' },
];

describe('detector rules (table tests)', () => {
  it('documents every rule once, with id, title, description and requirements', () => {
    const ids = RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual([...ids].sort(), Object.values(RuleIds).sort());
    for (const r of RULES) {
      assert.ok(r.title.length > 5 && r.description.length > 20 && r.requires.length > 10, r.id);
    }
  });

  for (const [ruleId, cases] of Object.entries(POSITIVE)) {
    describe(ruleId, () => {
      cases.forEach((c, i) => {
        it(`finds #${i + 1}: ${c.file ?? ''} ${JSON.stringify(c.text.slice(0, 60))}`, () => checkPositive(ruleId, c));
      });
    });
  }

  describe('stays silent on look-alikes', () => {
    for (const c of NEGATIVE) {
      it(`${c.why} (${c.file ?? ''})`, () => checkNegative({ ...c, text: c.text.replace('{B64}', Buffer.from(fill('{T}').text).toString('base64')) }));
    }
  });

  it('reports every rule at least once across the positive table', () => {
    assert.deepEqual(Object.keys(POSITIVE).sort(), Object.values(RuleIds).sort());
  });
});
