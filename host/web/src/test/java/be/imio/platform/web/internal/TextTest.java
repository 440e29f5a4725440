package be.imio.platform.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void escapesMarkupSoThatANameRendersAsText() {
        assertEquals("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Namur&quot;",
                Text.html("<script>alert('x')</script> & \"Namur\""));
    }

    @Test
    void writesJsonStringsThatCannotCloseAScriptBlock() {
        assertEquals("\"Li\\u00e8ge\"".replace("\\u00e8", "è"), Text.json("Liège"));
        assertEquals("\"a\\\"b\\\\c\\n\\u003c/script\\u003e\"", Text.json("a\"b\\c\n</script>"));
    }
}
