/**
 * The subset of the OCI runtime spec (config.json) that Berth's runtime core reads: Jackson
 * records, unknown fields ignored, absent lists and maps read as empty. {@link io.berth.shim.spec.Specs}
 * parses and writes them.
 */
package io.berth.shim.spec;
