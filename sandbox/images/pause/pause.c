/* kubelab's pod infra ("pause") program. It owns the pod's network namespace, which the pod's app containers join,
 * and does one thing before sleeping: installs the pod's routes — $KUBELAB_ROUTES, e.g.
 *   "10.96.0.0/16 via 10.224.6.2;10.224.4.0/23 via 10.224.6.2;10.224.4.1/32 dev;0.0.0.0/0 via 10.224.6.2"
 * (";"-separated; "dev" is a route on the pod's own link). They send Service ClusterIPs, the other pods and the
 * world through the cluster's network agent — where NetworkPolicies are enforced, as on a CNI's node — and only
 * the node itself (the Docker gateway: the host, where probes come from) straight. The older single-route
 * $KUBELAB_SERVICE_ROUTE is still read. Docker cannot give a container a static route, so the infra container is
 * started with NET_ADMIN; it uses it once, then drops every capability from its own process and sleeps until
 * SIGTERM. App containers never get NET_ADMIN. It also writes the pod's /etc/resolv.conf from $KUBELAB_RESOLV_CONF
 * (the kubelet's: cluster DNS Service IP, search path, ndots), which Docker would otherwise point at its embedded
 * resolver; the pod's app containers share the file.
 * Built offline with `gcc -static`. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <net/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void add_attr(struct nlmsghdr *n, size_t cap, int type, const void *data, size_t len) {
  struct rtattr *rta = (struct rtattr *)((char *)n + NLMSG_ALIGN(n->nlmsg_len));
  if (NLMSG_ALIGN(n->nlmsg_len) + RTA_SPACE(len) > cap) return;
  rta->rta_type = (unsigned short)type;
  rta->rta_len = (unsigned short)RTA_LENGTH(len);
  memcpy(RTA_DATA(rta), data, len);
  n->nlmsg_len = NLMSG_ALIGN(n->nlmsg_len) + RTA_SPACE(len);
}

/* Adds (or replaces) "dst/prefix via gw" or "dst/prefix dev" (on eth0's link) in the main table; 0 on success. */
static int add_route(const char *spec) {
  char dst[64], gw[64] = "", how[8] = "";
  int prefix;
  int n = sscanf(spec, " %63[^/]/%d %7s %63s", dst, &prefix, how, gw);
  int onlink = n == 3 && strcmp(how, "dev") == 0;
  if ((n != 4 || strcmp(how, "via") != 0) && !onlink) {
    fprintf(stderr, "pause: cannot parse the route \"%s\"\n", spec);
    return -1;
  }
  struct in_addr d, g;
  if (prefix < 0 || prefix > 32 || inet_pton(AF_INET, dst, &d) != 1 || (!onlink && inet_pton(AF_INET, gw, &g) != 1)) {
    fprintf(stderr, "pause: bad address in the route \"%s\"\n", spec);
    return -1;
  }
  struct {
    struct nlmsghdr n;
    struct rtmsg r;
    char attrs[256];
  } req;
  memset(&req, 0, sizeof req);
  req.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
  req.n.nlmsg_type = RTM_NEWROUTE;
  req.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_REPLACE | NLM_F_ACK;
  req.r.rtm_family = AF_INET;
  req.r.rtm_dst_len = (unsigned char)prefix;
  req.r.rtm_table = RT_TABLE_MAIN;
  req.r.rtm_protocol = RTPROT_STATIC;
  req.r.rtm_scope = onlink ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
  req.r.rtm_type = RTN_UNICAST;
  add_attr(&req.n, sizeof req, RTA_DST, &d, sizeof d);
  if (onlink) {
    unsigned int ifindex = if_nametoindex("eth0");
    if (!ifindex) {
      fprintf(stderr, "pause: no eth0 for the route \"%s\"\n", spec);
      return -1;
    }
    add_attr(&req.n, sizeof req, RTA_OIF, &ifindex, sizeof ifindex);
  } else {
    add_attr(&req.n, sizeof req, RTA_GATEWAY, &g, sizeof g);
  }
  int fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
  if (fd < 0) return -1;
  struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
  if (sendto(fd, &req, req.n.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0) {
    close(fd);
    return -1;
  }
  char buf[4096];
  ssize_t len = recv(fd, buf, sizeof buf, 0);
  close(fd);
  if (len < (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr))) return -1;
  struct nlmsghdr *h = (struct nlmsghdr *)buf;
  if (h->nlmsg_type != NLMSG_ERROR) return 0;
  int err = -((struct nlmsgerr *)NLMSG_DATA(h))->error;
  if (err == 0 || err == EEXIST) return 0;
  fprintf(stderr, "pause: adding route %s: %s\n", spec, strerror(err));
  return -1;
}

/* Adds every route of a ";"-separated list, in order. */
static void add_routes(const char *routes) {
  char copy[1024];
  snprintf(copy, sizeof copy, "%s", routes);
  char *save = NULL;
  for (char *r = strtok_r(copy, ";", &save); r; r = strtok_r(NULL, ";", &save))
    if (*r) add_route(r);
}

/* Empties the bounding set and the effective/permitted/inheritable sets of this process. */
static void drop_capabilities(void) {
  for (int cap = 0; cap <= 63; cap++) prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
  struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
  struct __user_cap_data_struct data[2];
  memset(data, 0, sizeof data);
  syscall(SYS_capset, &hdr, data);
}

static void on_term(int sig) {
  (void)sig;
  _exit(0);
}

static void on_child(int sig) {
  (void)sig;
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
}

/* Rewrites the file in place: Docker bind-mounts it, so it cannot be replaced, only written. */
static void write_resolv_conf(const char *text) {
  int fd = open("/etc/resolv.conf", O_WRONLY | O_TRUNC | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    fprintf(stderr, "pause: cannot write /etc/resolv.conf: %s\n", strerror(errno));
    return;
  }
  size_t left = strlen(text);
  while (left > 0) {
    ssize_t n = write(fd, text, left);
    if (n <= 0) break;
    text += n;
    left -= (size_t)n;
  }
  close(fd);
}

int main(void) {
  const char *route = getenv("KUBELAB_SERVICE_ROUTE");
  if (route && *route) add_routes(route);
  const char *routes = getenv("KUBELAB_ROUTES");
  if (routes && *routes) add_routes(routes);
  const char *resolv = getenv("KUBELAB_RESOLV_CONF");
  if (resolv && *resolv) write_resolv_conf(resolv);
  drop_capabilities();
  signal(SIGTERM, on_term);
  signal(SIGINT, on_term);
  signal(SIGCHLD, on_child);
  for (;;) pause();
}
