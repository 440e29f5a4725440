package be.imio.platform.api.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** A request as the host hands it to a module's servlet, and a response that records what was answered. */
public final class FakeHttp {

    private FakeHttp() {
    }

    /** What a response was given. */
    public static final class Answer {
        public int status = 200;
        public String reason;
        public final Map<String, String> headers = new HashMap<>();
        public final ByteArrayOutputStream body = new ByteArrayOutputStream();

        public String body() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * A request of {@code method} for {@code pathAndQuery} under the module ({@code /api/x?lang=de}),
     * with {@code headers} ({@code Cookie} gives cookies), {@code attributes} and a {@code body}.
     */
    public static HttpServletRequest request(String method, String pathAndQuery, Map<String, String> headers,
            Map<String, Object> attributes, String body) {
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        String query = question < 0 ? null : pathAndQuery.substring(question + 1);
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        return (HttpServletRequest) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getPathInfo" -> path;
                    case "getQueryString" -> query;
                    case "getParameter" -> parameter(query, (String) args[0]);
                    case "getParameterMap" -> parameters("application/x-www-form-urlencoded".equals(headers.get("Content-Type"))
                            ? body : query);
                    case "getContextPath" -> "/modules";
                    case "getServletPath" -> "/sample";
                    case "getHeader" -> headers.get(args[0]);
                    case "getContentType" -> headers.get("Content-Type");
                    case "getAttribute" -> attributes.get(args[0]);
                    case "getRemoteUser" -> "agent";
                    case "getCookies" -> headers.containsKey("Cookie") ? new Cookie[] {new Cookie(
                            headers.get("Cookie").split("=")[0], headers.get("Cookie").split("=")[1])} : null;
                    case "getInputStream" -> input(bytes);
                    default -> null;
                });
    }

    private static String parameter(String query, String name) {
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith(name + "=")) {
                    return java.net.URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
                }
            }
        }
        return null;
    }

    /** Every field of {@code form} (application/x-www-form-urlencoded), its values in order. */
    private static Map<String, String[]> parameters(String form) {
        Map<String, java.util.List<String>> all = new java.util.LinkedHashMap<>();
        if (form != null && !form.isEmpty()) {
            for (String pair : form.split("&")) {
                String[] parts = pair.split("=", 2);
                all.computeIfAbsent(java.net.URLDecoder.decode(parts[0], StandardCharsets.UTF_8), k -> new java.util.ArrayList<>())
                        .add(parts.length < 2 ? "" : java.net.URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
            }
        }
        Map<String, String[]> map = new java.util.LinkedHashMap<>();
        all.forEach((name, values) -> map.put(name, values.toArray(String[]::new)));
        return map;
    }

    private static ServletInputStream input(byte[] bytes) {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        return new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
            }
        };
    }

    /** A response recording into {@code answer}. */
    public static HttpServletResponse response(Answer answer) {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                answer.body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "setStatus" -> {
                            answer.status = (Integer) args[0];
                            answer.reason = args.length > 1 ? (String) args[1] : null;
                        }
                        case "setHeader", "addHeader" -> answer.headers.put((String) args[0], (String) args[1]);
                        case "setContentType" -> answer.headers.put("Content-Type", (String) args[0]);
                        case "getOutputStream" -> {
                            return out;
                        }
                        case "isCommitted" -> {
                            return answer.body.size() > 0;
                        }
                        case "reset" -> {
                            answer.headers.clear();
                            answer.status = 200;
                        }
                        default -> {
                        }
                    }
                    return null;
                });
    }
}
