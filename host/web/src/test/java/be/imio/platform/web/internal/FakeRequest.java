package be.imio.platform.web.internal;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** A request from a connection's address with given headers, attributes kept; and a response that records. */
final class FakeRequest {

    private FakeRequest() {
    }

    /** {@code headers}: name, value, name, value...; a name may repeat. */
    static HttpServletRequest from(String remote, String... headers) {
        Map<String, List<String>> given = new HashMap<>();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            given.computeIfAbsent(headers[i].toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(headers[i + 1]);
        }
        Map<String, Object> attributes = new HashMap<>();
        return (HttpServletRequest) Proxy.newProxyInstance(FakeRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, called, args) -> switch (called.getName()) {
                    case "getRemoteAddr" -> remote;
                    case "isSecure" -> false;
                    case "getMethod" -> "POST";
                    case "getRequestURI" -> "/console/login";
                    case "getQueryString", "getCookies" -> null;
                    case "getHeader" -> given.getOrDefault(((String) args[0]).toLowerCase(Locale.ROOT), List.of())
                            .stream().findFirst().orElse(null);
                    case "getHeaders" -> Collections.enumeration(
                            given.getOrDefault(((String) args[0]).toLowerCase(Locale.ROOT), List.of()));
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "removeAttribute" -> attributes.remove((String) args[0]);
                    default -> throw new UnsupportedOperationException(called.getName());
                });
    }

    /** A response whose status and headers are kept in {@code seen}. */
    static HttpServletResponse recording(Map<String, Object> seen) {
        java.io.StringWriter body = new java.io.StringWriter();
        return (HttpServletResponse) Proxy.newProxyInstance(FakeRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, called, args) -> {
                    switch (called.getName()) {
                        case "setStatus" -> seen.put("status", args[0]);
                        case "setHeader", "addHeader" -> seen.put((String) args[0], args[1]);
                        case "getWriter" -> {
                            return new java.io.PrintWriter(body) {
                                @Override
                                public void write(String s) {
                                    super.write(s);
                                    flush();
                                    seen.put("body", body.toString());
                                }
                            };
                        }
                        case "getOutputStream" -> {
                            return new javax.servlet.ServletOutputStream() {
                                private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

                                @Override
                                public void write(int b) {
                                    bytes.write(b);
                                    seen.put("body", bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
                                }

                                @Override
                                public boolean isReady() {
                                    return true;
                                }

                                @Override
                                public void setWriteListener(javax.servlet.WriteListener listener) {
                                }
                            };
                        }
                        case "setContentType", "flushBuffer" -> { }
                        default -> throw new UnsupportedOperationException(called.getName());
                    }
                    return null;
                });
    }
}
