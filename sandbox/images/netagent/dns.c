/* Cluster DNS: answers A and CNAME questions for the names the host pushed (<svc>.<ns>.svc.cluster.local and
 * friends; ExternalName as a CNAME), NXDOMAIN for other names under cluster.local, and relays every other question
 * to the agent's own resolver (Docker's, then the host's), so pods still resolve outside names when there is a
 * network. Pods ask it at the kube-dns Service's ClusterIP (their resolv.conf says so, as on a real cluster): the
 * agent owns the Service range, and every answer leaves from the address the question was sent to, or the pod's
 * resolver would drop it. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "agent.h"

#define TTL 5
#define SLOTS 4096

static int dfd = -1, ufd = -1;
static struct sockaddr_in upstream = {.sin_family = AF_INET, .sin_port = 0x3500 /* 53, network order */};
static uint16_t next_id;

/* Who asked, and at which of our addresses (answers go back from there). */
struct peer {
  struct sockaddr_in addr;
  struct in_addr local;
};

struct pending {
  int used;
  uint16_t id, orig_id;
  time_t at;
  struct peer client;
};
static struct pending slots[SLOTS];

int dns_fd(void) { return dfd; }
int upstream_fd(void) { return ufd; }

static void read_upstream(void) {
  upstream.sin_addr.s_addr = htonl(0x7f00000b); /* 127.0.0.11, Docker's embedded DNS */
  FILE *f = fopen("/etc/resolv.conf", "r");
  if (!f) return;
  char line[256], ip[64];
  while (fgets(line, sizeof line, f)) {
    struct in_addr a;
    if (sscanf(line, "nameserver %63s", ip) == 1 && inet_pton(AF_INET, ip, &a) == 1) {
      upstream.sin_addr = a;
      break;
    }
  }
  fclose(f);
}

int dns_open(void) {
  read_upstream();
  dfd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(53), .sin_addr.s_addr = htonl(INADDR_ANY)};
  int one = 1;
  if (dfd < 0 || setsockopt(dfd, IPPROTO_IP, IP_PKTINFO, &one, sizeof one) < 0 || bind(dfd, (struct sockaddr *)&a, sizeof a) < 0) {
    logf_("dns: cannot listen on :53: %s", strerror(errno));
    return -1;
  }
  ufd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  return ufd < 0 ? -1 : 0;
}

static const struct record *find_record(const char *name) {
  for (int i = 0; live && i < live->nrecords; i++)
    if (strcmp(live->records[i].name, name) == 0) return &live->records[i];
  return NULL;
}

static int in_zone(const char *name) {
  size_t n = strlen(name), z = strlen("cluster.local");
  return strcmp(name, "cluster.local") == 0 || (n > z && name[n - z - 1] == '.' && strcmp(name + n - z, "cluster.local") == 0);
}

/* Encodes a dotted name as DNS labels; returns bytes written or -1. */
static int encode_name(const char *name, unsigned char *out, size_t cap) {
  size_t o = 0;
  const char *p = name;
  while (*p) {
    const char *dot = strchr(p, '.');
    size_t len = dot ? (size_t)(dot - p) : strlen(p);
    if (len == 0 || len > 63 || o + len + 2 > cap) return -1;
    out[o++] = (unsigned char)len;
    memcpy(out + o, p, len);
    o += len;
    p += len + (dot ? 1 : 0);
  }
  if (o + 1 > cap) return -1;
  out[o++] = 0;
  return (int)o;
}

static size_t put_rr_head(unsigned char *out, size_t o, uint16_t name_ptr, uint16_t type, uint16_t rdlen) {
  out[o++] = (unsigned char)(0xC0 | (name_ptr >> 8));
  out[o++] = (unsigned char)(name_ptr & 0xff);
  out[o++] = 0, out[o++] = (unsigned char)type;
  out[o++] = 0, out[o++] = 1; /* class IN */
  out[o++] = 0, out[o++] = 0, out[o++] = 0, out[o++] = TTL;
  out[o++] = (unsigned char)(rdlen >> 8), out[o++] = (unsigned char)(rdlen & 0xff);
  return o;
}

/* Appends A records for `r` naming `name_ptr`; sets *tc when they do not all fit in 512 bytes. */
static size_t put_a(unsigned char *out, size_t o, uint16_t name_ptr, const struct record *r, int *count, int *tc) {
  for (int i = 0; i < r->nips; i++) {
    if (o + 16 > 512) {
      *tc = 1;
      break;
    }
    o = put_rr_head(out, o, name_ptr, 1, 4);
    memcpy(out + o, &r->ips[i], 4);
    o += 4;
    (*count)++;
  }
  return o;
}

/* Sends a datagram to the peer from the address it wrote to. */
static void reply(const void *buf, size_t n, const struct peer *to) {
  struct iovec iov = {.iov_base = (void *)buf, .iov_len = n};
  union {
    char buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
    struct cmsghdr align;
  } ctl;
  memset(&ctl, 0, sizeof ctl);
  struct msghdr m = {.msg_name = (void *)&to->addr, .msg_namelen = sizeof to->addr, .msg_iov = &iov, .msg_iovlen = 1};
  if (to->local.s_addr != 0) {
    m.msg_control = ctl.buf;
    m.msg_controllen = sizeof ctl.buf;
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = IPPROTO_IP;
    c->cmsg_type = IP_PKTINFO;
    c->cmsg_len = CMSG_LEN(sizeof(struct in_pktinfo));
    struct in_pktinfo pi = {.ipi_ifindex = 0, .ipi_spec_dst = to->local};
    memcpy(CMSG_DATA(c), &pi, sizeof pi);
  }
  sendmsg(dfd, &m, 0);
}

static void forward(const unsigned char *q, ssize_t n, const struct peer *client) {
  uint16_t id = next_id++;
  struct pending *p = &slots[id % SLOTS];
  p->used = 1;
  p->id = id;
  p->orig_id = (uint16_t)(q[0] << 8 | q[1]);
  p->at = time(NULL);
  p->client = *client;
  unsigned char buf[4096];
  memcpy(buf, q, (size_t)n);
  buf[0] = (unsigned char)(id >> 8), buf[1] = (unsigned char)(id & 0xff);
  sendto(ufd, buf, (size_t)n, 0, (struct sockaddr *)&upstream, sizeof upstream);
}

void upstream_event(int fd) {
  unsigned char buf[4096];
  struct sockaddr_in from;
  socklen_t fl = sizeof from;
  ssize_t n;
  while ((n = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl)) >= 12) {
    uint16_t id = (uint16_t)(buf[0] << 8 | buf[1]);
    struct pending *p = &slots[id % SLOTS];
    if (!p->used || p->id != id || time(NULL) - p->at > 10) continue;
    p->used = 0;
    buf[0] = (unsigned char)(p->orig_id >> 8), buf[1] = (unsigned char)(p->orig_id & 0xff);
    reply(buf, (size_t)n, &p->client);
    fl = sizeof from;
  }
}

static void answer_query(const unsigned char *q, ssize_t n, const struct peer *client) {
  if (n < 12 || (q[2] & 0x80)) return; /* not a query */
  int opcode = (q[2] >> 3) & 0xf, qdcount = q[4] << 8 | q[5];
  char name[NAME_MAX_LEN] = "";
  size_t o = 12, nl = 0;
  while (qdcount >= 1 && o < (size_t)n && q[o] != 0) {
    size_t len = q[o];
    if (len > 63 || o + 1 + len >= (size_t)n || nl + len + 2 >= sizeof name) return;
    if (nl) name[nl++] = '.';
    for (size_t i = 0; i < len; i++) {
      unsigned char ch = q[o + 1 + i];
      name[nl++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
    }
    o += 1 + len;
  }
  name[nl] = '\0';
  size_t qend = o + 5; /* root label + type + class */
  if (opcode != 0 || qdcount < 1 || qend > (size_t)n) return;
  uint16_t qtype = (uint16_t)(q[o + 1] << 8 | q[o + 2]);
  const struct record *r = find_record(name);
  if (!r && !in_zone(name)) {
    forward(q, n, client);
    return;
  }
  unsigned char out[512];
  memcpy(out, q, qend);
  out[2] = (unsigned char)(0x84 | (q[2] & 0x01)); /* QR, AA, RD echoed */
  out[3] = 0x80;                                  /* RA */
  out[4] = 0, out[5] = 1;
  memset(out + 6, 0, 6);
  size_t w = qend;
  int count = 0, tc = 0;
  if (!r) {
    out[3] |= 3; /* NXDOMAIN */
  } else if (r->cname[0]) {
    unsigned char enc[NAME_MAX_LEN + 2];
    int elen = encode_name(r->cname, enc, sizeof enc);
    if (elen > 0 && w + 12 + (size_t)elen <= sizeof out) {
      w = put_rr_head(out, w, 12, 5, (uint16_t)elen);
      uint16_t target_at = (uint16_t)w;
      memcpy(out + w, enc, (size_t)elen);
      w += (size_t)elen;
      count++;
      const struct record *t = find_record(r->cname);
      if (t && !t->cname[0] && (qtype == 1 || qtype == 255)) w = put_a(out, w, target_at, t, &count, &tc);
    }
  } else if (qtype == 1 || qtype == 255) {
    w = put_a(out, w, 12, r, &count, &tc);
  }
  if (tc) out[2] |= 0x02;
  out[6] = (unsigned char)(count >> 8), out[7] = (unsigned char)(count & 0xff);
  reply(out, w, client);
}

void dns_event(int fd) {
  unsigned char buf[4096];
  for (;;) {
    struct peer client;
    memset(&client, 0, sizeof client);
    union {
      char buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
      struct cmsghdr align;
    } ctl;
    struct iovec iov = {.iov_base = buf, .iov_len = sizeof buf};
    struct msghdr m = {.msg_name = &client.addr, .msg_namelen = sizeof client.addr, .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf, .msg_controllen = sizeof ctl.buf};
    ssize_t n = recvmsg(fd, &m, 0);
    if (n <= 0) break;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
      if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
        struct in_pktinfo pi;
        memcpy(&pi, CMSG_DATA(c), sizeof pi);
        client.local = pi.ipi_addr;
      }
    }
    answer_query(buf, n, &client);
  }
}
