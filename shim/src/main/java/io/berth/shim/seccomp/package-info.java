/** Compiles the OCI spec's seccomp profiles into classic BPF filters (no libseccomp). */
package io.berth.shim.seccomp;
