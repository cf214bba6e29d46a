import { describe, expect, it } from 'vitest';
import { nameAt } from '@/features/config/components/keyNames';

describe('nameAt', () => {
  const line = '    map("capslock", "shift+9");';
  it('finds the key name under the cursor inside a string, between + signs', () => {
    expect(nameAt(line, line.indexOf('caps') + 2)).toEqual({ from: 9, to: 17, name: 'capslock' });
    expect(nameAt(line, line.indexOf('shift') + 1)?.name).toBe('shift');
    expect(nameAt(line, line.indexOf('9') + 1)?.name).toBe('9');
  });
  it('finds nothing outside strings', () => {
    expect(nameAt(line, 5)).toBeNull();
  });
});
