import { pathBelowMount } from '@cloud-token/core/adapter';
import { describe, expect, it } from 'vitest';

describe('pathBelowMount', () => {
  it.each([
    ['/cloud/words/doc.docx?storage=s1', '/cloud', '/words/doc.docx?storage=s1'],
    ['/cloud', '/cloud', '/'],
    ['/cloud?x=1', '/cloud', '/?x=1'],
    ['/cloud/', '/cloud', '/'],
    ['/cloud/a%2Fb/..%2fx', '/cloud', '/a%2Fb/..%2fx'],
    ['/cloud//other.host/x', '/cloud', '//other.host/x'],
    ['/words/doc.docx', '', '/words/doc.docx'],
  ])('forwards what follows the mount of %s (%s) as sent: %s', (target, mount, below) => {
    expect(pathBelowMount(target, mount)).toBe(below);
  });

  it.each([
    ['/cloudy/x', '/cloud'],
    ['/clou%64/x', '/cloud'],
    ['/CLOUD/x', '/cloud'],
    ['/other/cloud/x', '/cloud'],
    ['/cloud%2Fx', '/cloud'],
  ])('refuses %s, not below %s as sent', (target, mount) => {
    expect(pathBelowMount(target, mount)).toBeUndefined();
  });
});
