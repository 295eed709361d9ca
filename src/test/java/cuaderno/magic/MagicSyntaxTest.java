package cuaderno.magic;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

class MagicSyntaxTest {

    @Test
    void cellMagicOwnsTheRestOfTheCell() {
        MagicSyntax.CellMagic magic = MagicSyntax.cellMagic("%%time --quiet\nint x = 1;\nx");
        assertEquals("time", magic.name());
        assertEquals(List.of("--quiet"), magic.args());
        assertEquals("int x = 1;\nx", magic.body());
        assertNull(MagicSyntax.cellMagic("int x = 1;\n%%time"));
    }

    @Test
    void lineMagicsSplitTheCellAndCodeKeepsItsLineNumbers() {
        List<MagicSyntax.Part> parts = MagicSyntax.parts("int a = 1;\n%maven g:a:1 \"two words\"\n\nint b = a % 2;");
        assertEquals(3, parts.size());
        assertEquals(new MagicSyntax.Code("int a = 1;"), parts.get(0));
        assertEquals(new MagicSyntax.LineMagic("maven", List.of("g:a:1", "two words")), parts.get(1));
        MagicSyntax.Code after = assertInstanceOf(MagicSyntax.Code.class, parts.get(2));
        assertEquals("\n\n\nint b = a % 2;", after.code(), "blank lines keep 'int b' on cell line 4");
    }

    @Test
    void moduloInCodeIsNotAMagic() {
        assertEquals(List.of(new MagicSyntax.Code("int r = 7 %2;")), MagicSyntax.parts("int r = 7 %2;"));
    }

    @Test
    void argumentsHonourQuotesAndEscapes() {
        assertEquals(List.of("a", "b c", "d\"e"), MagicSyntax.splitArgs(" a \"b c\" d\\\"e "));
        assertEquals(List.of(), MagicSyntax.splitArgs("   "));
    }
}
