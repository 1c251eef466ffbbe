import { describe, expect, it } from 'vitest';
import { TEMPLATE_SOURCES } from '../../engine/strategy-library/templates.generated';
import { BUILTIN_TEXTS } from '../../renderer/src/features/strategies/builtin-text';

/** The `name`, `description` and `label` strings a template's source declares. */
function declaredTexts(source: string): string[] {
  return [...source.matchAll(/^\s*name: '([^']+)'|^\s*description: '([^']+)'|label: '([^']+)'/gm)].map((m) => m[1] ?? m[2] ?? m[3]);
}

// The renderer shows the templates' own words in Chinese from a dictionary; a new or reworded
// built-in must come with its translation.
describe('built-in strategy texts', () => {
  it('have a Chinese translation for every name, description and param label a template declares', () => {
    const declared = [...new Set(Object.values(TEMPLATE_SOURCES).flatMap(declaredTexts))];
    expect(declared.length).toBeGreaterThan(20);
    expect(declared.filter((t) => !BUILTIN_TEXTS.includes(t))).toEqual([]);
  });
});
