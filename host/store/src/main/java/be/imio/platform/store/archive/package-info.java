/**
 * The instance backup's format, written by the platform ({@code imio:backup}) and by {@code bin/imio}
 * (before an upgrade); not exported.
 */
package be.imio.platform.store.archive;
