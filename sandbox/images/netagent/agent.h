/* kubelab network agent: one per cluster, in its own network namespace with NET_ADMIN only. A table-driven data
 * plane: the host computes everything Kubernetes-specific (which Service port goes to which ready endpoints,
 * ingress precedence, DNS names) and pushes a flat config file; the agent owns the addresses, answers DNS, and
 * proxies TCP and HTTP. See docs/NETWORKING.md. Shared declarations of the agent's parts. */
#ifndef KL_AGENT_H
#define KL_AGENT_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#define MAX_EPS 64        /* endpoints kept per frontend/route */
#define NAME_MAX_LEN 256
#define PATH_MAX_LEN 512

struct endpoint {
  uint32_t ip; /* network order */
  uint16_t port; /* network order */
};

struct frontend { /* a Service port (ClusterIP, NodePort, LoadBalancer IP) or the ingress entry */
  uint32_t ip;
  uint16_t port;
  int http; /* 1: ingress (route by Host + path) */
  int neps;
  unsigned rr;
  struct endpoint eps[MAX_EPS];
};

struct route { /* an ingress rule path; ordered by precedence, host groups contiguous */
  char host[NAME_MAX_LEN]; /* exact, "*.suffix" or "*" */
  int exact;
  char path[PATH_MAX_LEN];
  int neps;
  unsigned rr;
  struct endpoint eps[MAX_EPS];
};

struct record { /* a DNS name: A addresses or a CNAME */
  char name[NAME_MAX_LEN];
  char cname[NAME_MAX_LEN];
  int nips;
  uint32_t ips[MAX_EPS];
};

struct denial { /* a client pod and the endpoints NetworkPolicies keep it from (its egress or their ingress) */
  uint32_t client;
  int neps;
  struct endpoint *eps;
};

struct config {
  char generation[64];
  int nanyip;
  char anyip[16][32];
  int naddrs;
  uint32_t addrs[256];
  int nfront;
  struct frontend *fronts;
  int nroutes;
  struct route *routes;
  int has_default;
  struct route def; /* default backend */
  int nrecords;
  struct record *records;
  int ndenials;
  struct denial *denials;
};

/* config.c */
int config_load(const char *path, struct config *out, char *err, size_t errlen);
void config_free(struct config *c);

/* main.c: the live configuration and logging */
extern struct config *live;
void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int epoll_fd(void);

/* config.c: whether NetworkPolicies keep `client` (network order) from this endpoint */
int denied(uint32_t client, const struct endpoint *e);

/* main.c: the NetworkPolicy rules (iptables-restore) pushed with the config */
void apply_policy_rules(const char *generation);

/* proxy.c */
struct frontend *find_frontend(uint32_t ip, uint16_t port);
void proxy_accept(int listen_fd);
void proxy_event(void *ptr, uint32_t events);
void proxy_reap(void);

/* routes (ingress matching, proxy side) */
struct route *route_match(const char *host, const char *path);

/* dns.c */
int dns_open(void);
void dns_event(int fd);
void upstream_event(int fd);
int dns_fd(void);
int upstream_fd(void);

#endif
