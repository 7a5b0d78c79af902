// libgit2 built with mbedTLS (Debian's libgit2-dev) parses the whole system CA
// bundle inside git_libgit2_init, for the HTTPS transport of its own fetch and
// push: about 52 million instructions, most of a short command's run (a
// `git ops log` page is 94 million in all). git-ops reads and writes
// repositories through libgit2 but fetches and pushes through git itself, so
// that transport is never used.
//
// This file defines mbedtls_x509_crt_parse_file in the executable, which the
// dynamic linker binds libgit2's call to ahead of libmbedx509's. While
// git_ops_libgit2_init runs, it loads nothing and reports success: libgit2's CA
// chain is left empty, so an HTTPS transport would refuse every server rather
// than trust one. At any other time it forwards to mbedTLS unchanged (as for
// GIT_OPT_SET_SSL_CERT_LOCATIONS). With a libgit2 built on OpenSSL nothing calls
// it, and initialisation runs as before.

#include <dlfcn.h>
#include <stdatomic.h>
#include <git2.h>

#include "CGit2Startup.h"

static atomic_int initialising;

// mbedtls_x509_crt is opaque here: only its address is passed on.
int mbedtls_x509_crt_parse_file(void *chain, const char *path);

int mbedtls_x509_crt_parse_file(void *chain, const char *path) {
    if (atomic_load(&initialising)) return 0;
    int (*next)(void *, const char *) = (int (*)(void *, const char *))dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file");
    // MBEDTLS_ERR_X509_FILE_IO_ERROR: the certificates could not be read.
    if (next == NULL) return -0x2900;
    return next(chain, path);
}

int git_ops_libgit2_init(void) {
    atomic_store(&initialising, 1);
    int result = git_libgit2_init();
    atomic_store(&initialising, 0);
    // libgit2 hashes every object it reads to check it against its id (a tenth of
    // the work of rendering every environment of a commit from git). git does
    // not on ordinary reads: a damaged object still fails zlib's checksum, and
    // pushed objects were hashed when git received them.
    if (result >= 0) git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    return result;
}

int git_ops_libgit2_load_certificates(const char *file) {
    return git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, NULL);
}
