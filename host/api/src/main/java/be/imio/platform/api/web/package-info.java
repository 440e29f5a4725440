/**
 * What a module's servlet needs to answer: a {@link be.imio.platform.api.web.Router} that
 * dispatches each request to a {@link be.imio.platform.api.web.Route} by method and path (with
 * path parameters), answers unknown pages, wrong methods and an unavailable database in JSON, and
 * gives each route a {@link be.imio.platform.api.web.Call} that speaks the request's language
 * ({@link be.imio.platform.api.web.Languages}). Part of the module SDK.
 */
@Export
@Version("1.1.0")
package be.imio.platform.api.web;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
