// The images courses name — nginx, httpd, redis, perl, python, postgres, bash, curlimages/curl — as real programs
// from the host's Debian packages (host-rootfs.ts), started the way the official images start (same default command,
// ports, paths and env vars). One Debian build per image answers to the tags courses use: `nginx:1.25` and
// `nginx:alpine` are the same Debian nginx 1.22 (sandbox/images/README.md lists every alias). Built on demand: the
// first pod that asks for one builds it (the kubelet's pull), or `kubelab images build` builds them all ahead.
import type { ImageRecipe } from './catalog';
import type { RootfsSpec } from './host-rootfs';

export const BASE_IMAGE = 'kubelab/base:bookworm';

/** Perl's C headers (for compiling XS modules; no compiler in the image). */
const PERL_CORE_HEADERS = /\/perl\/5\.[\d.]+\/CORE\//;

/**
 * glibc and the libraries Debian's curl loads, bash as /bin/bash, curl, CA certificates; ld.so where ELF wants it.
 * The toolbox is built on this, so it must build on any Debian host: without curl or bash-static it is built with
 * less (no curl; Debian's own bash and the libraries it loads).
 */
function baseRootfs(): RootfsSpec {
  return {
    packages: ['libgcc-s1'],
    optionalPackages: ['curl', 'bash-static'],
    exclude: ['/bin/bash-static'],
    place: [{ from: ['/bin/bash-static', '/bin/bash'], to: '/bin/bash', pkg: 'bash-static' }],
    paths: ['/etc/ssl/certs/ca-certificates.crt', '/usr/lib/locale/C.utf8'],
    // The busybox base has real /bin and /sbin; the libraries live under /usr/lib as on the host (merged /usr).
    // /bin/sh is bash, as Debian's is a real shell (dash): busybox's sh would run its own `httpd` applet even where
    // the real httpd comes first on PATH.
    links: [{ at: '/lib', target: 'usr/lib' }, { at: '/lib64', target: 'usr/lib64' }, { at: '/var/run', target: '/run' }, { at: '/bin/sh', target: 'bash' }],
    dirs: ['/run'],
  };
}

/** The learner's shell: bash completion (kubectl's own is generated in the image). */
export function toolboxRootfs(): RootfsSpec {
  // Without bash-completion, kubectl's completion script cannot run (it needs _get_comp_words_by_ref): no completion.
  return { optionalPackages: ['bash-completion'], exclude: ['/usr/share/bash-completion/helpers/', '/usr/share/pkgconfig/', '/usr/share/cmake/'] };
}

const NGINX_CONF_FILES = ['mime.types', 'fastcgi_params', 'fastcgi.conf', 'scgi_params', 'uwsgi_params', 'koi-utf', 'koi-win', 'win-utf'];

// Every course image lists curl (and bash's image bash-static): the base has them when the host does, and then
// they add nothing here; a host without them fails these images, naming the package, rather than build them without.
export const COURSE_IMAGES: readonly ImageRecipe[] = [
  {
    name: 'base',
    tags: [BASE_IMAGE],
    dir: 'course/base',
    programs: [{ output: 'run-as', sources: ['run-as.c'] }],
    rootfs: baseRootfs,
    after: ['busybox'],
    onDemand: true, // built with the first image made FROM it
  },
  {
    name: 'nginx',
    // Debian bookworm's nginx is 1.22; the other tags are the names courses and the Kubernetes docs use.
    tags: ['nginx:1.22', 'nginx:latest', 'nginx:stable', 'nginx:alpine', 'nginx:1.25', 'nginx:1.27', 'nginx:1.14.2', 'nginx:1.16.1'],
    dir: 'course/nginx',
    rootfs: () => ({
      packages: ['curl', 'nginx', 'gettext-base'],
      paths: [...NGINX_CONF_FILES.map((f) => `/etc/nginx/${f}`), '/usr/share/nginx/html/index.html'],
      exclude: ['/usr/bin/gettext', '/usr/bin/ngettext', '/usr/bin/gettext.sh'],
    }),
    after: ['base'],
    onDemand: true,
  },
  {
    name: 'httpd',
    tags: ['httpd:2.4', 'httpd:latest', 'httpd:alpine'],
    dir: 'course/httpd',
    rootfs: () => ({
      packages: ['curl', 'apache2-bin'],
      // mod_proxy_html and mod_xml2enc (off in the official httpd.conf too) would bring libxml2 and 30 MB of ICU.
      exclude: ['/usr/sbin/apache2', '/usr/share/apache2/', '/usr/lib/apache2/modules/httpd.exp', /mod_(proxy_html|xml2enc)\.so$/],
      place: [{ from: '/usr/sbin/apache2', to: '/usr/local/apache2/bin/httpd', pkg: 'apache2-bin' }, { from: '/etc/mime.types', to: '/usr/local/apache2/conf/mime.types', pkg: 'media-types' }],
      // The Debian binary reads /etc/apache2/apache2.conf unless told otherwise: that is the official image's file.
      links: [{ at: '/etc/apache2/apache2.conf', target: '/usr/local/apache2/conf/httpd.conf' }],
    }),
    after: ['base'],
    onDemand: true,
  },
  {
    name: 'redis',
    tags: ['redis:7.0', 'redis:latest', 'redis:7', 'redis:alpine'],
    dir: 'course/redis',
    rootfs: () => ({ packages: ['curl', 'redis-server', 'redis-tools'], exclude: ['/etc/redis/'] }),
    after: ['base'],
    onDemand: true,
  },
  {
    name: 'perl',
    tags: ['perl:5.36', 'perl:latest', 'perl:5', 'perl:slim'],
    dir: 'course/perl',
    // libmath-bigint-perl: bookworm's own Math::BigFloat 1.999830 dies in `bpi(2000)` under bignum; 1.999838 does not.
    rootfs: () => ({ packages: ['curl', 'perl-base', 'perl-modules-5.36', 'libperl5.36', 'libmath-bigint-perl'], exclude: [PERL_CORE_HEADERS] }),
    after: ['base'],
    onDemand: true,
  },
  {
    name: 'python',
    tags: ['python:3.11', 'python:latest', 'python:3', 'python:slim', 'python:3.11-slim', 'python:3-slim'],
    dir: 'course/python',
    rootfs: () => ({
      packages: ['curl', 'python3-minimal', 'python3.11-minimal', 'libpython3.11-minimal', 'libpython3.11-stdlib'],
      links: [{ at: '/usr/local/bin/python', target: '/usr/bin/python3' }, { at: '/usr/local/bin/python3', target: '/usr/bin/python3' }],
    }),
    after: ['base'],
    onDemand: true,
  },
  {
    name: 'postgres',
    tags: ['postgres:15', 'postgres:latest'],
    dir: 'course/postgres',
    rootfs: () => ({
      packages: ['curl', 'postgresql-15', 'postgresql-client-15'],
      // No JIT: llvmjit.so would bring 130 MB of LLVM and Z3; without it PostgreSQL simply runs without JIT.
      exclude: [/\/llvmjit(_types)?\.so$/, '/usr/lib/postgresql/15/lib/bitcode/', '/usr/lib/postgresql/15/lib/pgxs/', '/usr/share/postgresql/15/man/', '/usr/share/postgresql-common/', '/etc/postgresql-common/'],
      paths: ['/usr/bin/locale', '/usr/share/zoneinfo/UTC', '/usr/share/zoneinfo/Etc', '/usr/share/zoneinfo/GMT', '/usr/share/zoneinfo/Asia/Seoul', '/usr/share/zoneinfo/tzdata.zi'],
    }),
    after: ['base'],
    onDemand: true,
  },
  {
    name: 'bash',
    tags: ['bash:5.2', 'bash:latest', 'bash:5'],
    dir: 'course/bash',
    rootfs: () => ({ packages: ['curl', 'bash-static'], exclude: ['/bin/bash-static'], links: [{ at: '/usr/local/bin/bash', target: '/bin/bash' }] }),
    after: ['base'],
    onDemand: true,
  },
  {
    name: 'curl',
    tags: ['curlimages/curl:7.88.1', 'curlimages/curl:latest'],
    dir: 'course/curl',
    rootfs: () => ({ packages: ['curl'] }),
    after: ['base'],
    onDemand: true,
  },
];
