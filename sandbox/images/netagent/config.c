/* Parses the agent's config file, pushed by the kubelab host (sandbox/network/agent-config.ts writes it):
 *   anyip <cidr>                       answer for every address of a range (the Service ClusterIP range)
 *   addr <ip>                          an extra address on eth0 (LoadBalancer IPs)
 *   tcp <ip> <port> [ip:port ...]      L4 proxy to endpoints, round robin
 *   http <ip> <port>                   ingress entry: route by Host and path
 *   route <host> exact|prefix <path> [ip:port ...]
 *   default [ip:port ...]              ingress default backend
 *   a <name> <ip> [ip ...]             DNS A records
 *   cname <name> <target>              DNS CNAME (ExternalName)
 *   deny <client-ip> [ip:port ...]     endpoints NetworkPolicies keep this client pod from (the proxy skips them)
 *   end <generation>                   required last line: a half-written file is never applied
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "agent.h"

static void lower(char *s) {
  for (; *s; s++) *s = (char)tolower((unsigned char)*s);
}

static int parse_eps(char *save, struct endpoint *eps, int *n) {
  char *tok;
  *n = 0;
  while ((tok = strtok_r(NULL, " \t", &save)) != NULL) {
    char *colon = strrchr(tok, ':');
    if (!colon) return -1;
    *colon = '\0';
    struct in_addr a;
    int port = atoi(colon + 1);
    if (inet_pton(AF_INET, tok, &a) != 1 || port <= 0 || port > 65535) return -1;
    if (*n < MAX_EPS) {
      eps[*n].ip = a.s_addr;
      eps[*n].port = htons((uint16_t)port);
      (*n)++;
    }
  }
  return 0;
}

static void *grow(void *p, int count, size_t size) {
  if (count % 16 != 0) return p;
  return realloc(p, (size_t)(count + 16) * size);
}

int config_load(const char *path, struct config *c, char *err, size_t errlen) {
  memset(c, 0, sizeof *c);
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(err, errlen, "cannot open %s", path);
    return -1;
  }
  char line[8192];
  int lineno = 0, ended = 0;
  while (fgets(line, sizeof line, f)) {
    lineno++;
    line[strcspn(line, "\r\n")] = '\0';
    char *save = NULL;
    char *kw = strtok_r(line, " \t", &save);
    if (!kw || kw[0] == '#') continue;
    if (ended) goto bad;
    if (strcmp(kw, "end") == 0) {
      char *g = strtok_r(NULL, " \t", &save);
      snprintf(c->generation, sizeof c->generation, "%s", g ? g : "?");
      ended = 1;
    } else if (strcmp(kw, "anyip") == 0) {
      char *cidr = strtok_r(NULL, " \t", &save);
      if (!cidr || c->nanyip >= 16) goto bad;
      snprintf(c->anyip[c->nanyip++], sizeof c->anyip[0], "%s", cidr);
    } else if (strcmp(kw, "addr") == 0) {
      char *ip = strtok_r(NULL, " \t", &save);
      struct in_addr a;
      if (!ip || inet_pton(AF_INET, ip, &a) != 1 || c->naddrs >= 256) goto bad;
      c->addrs[c->naddrs++] = a.s_addr;
    } else if (strcmp(kw, "tcp") == 0 || strcmp(kw, "http") == 0) {
      char *ip = strtok_r(NULL, " \t", &save), *port = strtok_r(NULL, " \t", &save);
      struct in_addr a;
      if (!ip || !port || inet_pton(AF_INET, ip, &a) != 1 || atoi(port) <= 0 || atoi(port) > 65535) goto bad;
      c->fronts = grow(c->fronts, c->nfront, sizeof *c->fronts);
      struct frontend *fe = &c->fronts[c->nfront];
      memset(fe, 0, sizeof *fe);
      fe->ip = a.s_addr;
      fe->port = htons((uint16_t)atoi(port));
      fe->http = kw[0] == 'h';
      if (!fe->http && parse_eps(save, fe->eps, &fe->neps) < 0) goto bad;
      c->nfront++;
    } else if (strcmp(kw, "route") == 0) {
      char *host = strtok_r(NULL, " \t", &save), *kind = strtok_r(NULL, " \t", &save), *p = strtok_r(NULL, " \t", &save);
      if (!host || !kind || !p || strlen(host) >= NAME_MAX_LEN || strlen(p) >= PATH_MAX_LEN) goto bad;
      c->routes = grow(c->routes, c->nroutes, sizeof *c->routes);
      struct route *r = &c->routes[c->nroutes];
      memset(r, 0, sizeof *r);
      snprintf(r->host, sizeof r->host, "%s", host);
      lower(r->host);
      r->exact = strcmp(kind, "exact") == 0;
      snprintf(r->path, sizeof r->path, "%s", p);
      if (parse_eps(save, r->eps, &r->neps) < 0) goto bad;
      c->nroutes++;
    } else if (strcmp(kw, "default") == 0) {
      memset(&c->def, 0, sizeof c->def);
      c->has_default = 1;
      if (parse_eps(save, c->def.eps, &c->def.neps) < 0) goto bad;
    } else if (strcmp(kw, "deny") == 0) {
      char *ip = strtok_r(NULL, " \t", &save);
      struct in_addr a;
      if (!ip || inet_pton(AF_INET, ip, &a) != 1) goto bad;
      c->denials = grow(c->denials, c->ndenials, sizeof *c->denials);
      struct denial *d = &c->denials[c->ndenials];
      memset(d, 0, sizeof *d);
      d->client = a.s_addr;
      c->ndenials++;
      char *tok;
      while ((tok = strtok_r(NULL, " \t", &save)) != NULL) {
        char *colon = strrchr(tok, ':');
        struct in_addr e;
        int port = colon ? atoi(colon + 1) : 0;
        if (colon) *colon = '\0';
        if (!colon || inet_pton(AF_INET, tok, &e) != 1 || port <= 0 || port > 65535) goto bad;
        d->eps = grow(d->eps, d->neps, sizeof *d->eps);
        d->eps[d->neps].ip = e.s_addr;
        d->eps[d->neps].port = htons((uint16_t)port);
        d->neps++;
      }
    } else if (strcmp(kw, "a") == 0 || strcmp(kw, "cname") == 0) {
      char *name = strtok_r(NULL, " \t", &save);
      if (!name || strlen(name) >= NAME_MAX_LEN) goto bad;
      c->records = grow(c->records, c->nrecords, sizeof *c->records);
      struct record *r = &c->records[c->nrecords];
      memset(r, 0, sizeof *r);
      snprintf(r->name, sizeof r->name, "%s", name);
      lower(r->name);
      if (kw[0] == 'c') {
        char *target = strtok_r(NULL, " \t", &save);
        if (!target || strlen(target) >= NAME_MAX_LEN) goto bad;
        snprintf(r->cname, sizeof r->cname, "%s", target);
        lower(r->cname);
        size_t tl = strlen(r->cname);
        if (tl > 0 && r->cname[tl - 1] == '.') r->cname[tl - 1] = '\0';
      } else {
        char *ip;
        while ((ip = strtok_r(NULL, " \t", &save)) != NULL) {
          struct in_addr a;
          if (inet_pton(AF_INET, ip, &a) != 1) goto bad;
          if (r->nips < MAX_EPS) r->ips[r->nips++] = a.s_addr;
        }
      }
      c->nrecords++;
    }
    /* unknown keywords are skipped: an older agent tolerates a newer host */
  }
  fclose(f);
  if (!ended) {
    config_free(c);
    snprintf(err, errlen, "%s has no end line (still being written?)", path);
    return -1;
  }
  return 0;
bad:
  fclose(f);
  config_free(c);
  snprintf(err, errlen, "%s:%d: malformed line", path, lineno);
  return -1;
}

int denied(uint32_t client, const struct endpoint *e) {
  for (int i = 0; live && i < live->ndenials; i++) {
    const struct denial *d = &live->denials[i];
    if (d->client != client) continue;
    for (int j = 0; j < d->neps; j++)
      if (d->eps[j].ip == e->ip && d->eps[j].port == e->port) return 1;
    return 0;
  }
  return 0;
}

void config_free(struct config *c) {
  for (int i = 0; i < c->ndenials; i++) free(c->denials[i].eps);
  free(c->denials);
  free(c->fronts);
  free(c->routes);
  free(c->records);
  memset(c, 0, sizeof *c);
}
