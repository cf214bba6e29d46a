//! Compiling conditional actions (`when`) and their conditions, each bounded as it is built.

use super::limits::{MAX_ACTIONS, MAX_CONDITION_TERMS, Place, Table};
use super::{Builder, CAction, CCondition, CConditional, CompileError, last_index};
use crate::config::{Condition, Conditional};

impl Builder<'_> {
    pub(super) fn conditional(
        &mut self,
        cond: &Conditional,
        at: &Place,
        in_th: bool,
    ) -> Result<CAction, CompileError> {
        let mut branches = Vec::with_capacity(cond.branches.len().min(MAX_ACTIONS));
        for branch in &cond.branches {
            let c = self.condition(&branch.when, at)?;
            branches.push((c, self.action(&branch.then, at, in_th)?));
        }
        let otherwise = match &cond.otherwise {
            Some(a) => self.action(a, at, in_th)?,
            None => self.push(CAction::Transparent, at)?,
        };
        self.out.conditionals.push(CConditional {
            branches,
            otherwise,
        });
        Ok(CAction::Cond(last_index(
            &self.out.conditionals,
            Table::Conditionals,
            at,
        )?))
    }

    fn condition(&mut self, cond: &Condition, at: &Place) -> Result<CCondition, CompileError> {
        self.condition_terms += 1;
        if self.condition_terms > MAX_CONDITION_TERMS {
            return Err(CompileError::TooLarge {
                what: Table::ConditionTerms,
                at: at.clone(),
            });
        }
        let mut all = |cs: &[Condition]| {
            cs.iter()
                .map(|c| self.condition(c, at))
                .collect::<Result<Vec<_>, _>>()
        };
        Ok(match cond {
            Condition::Layer(l) => CCondition::Layer(self.layer(l, at)?),
            Condition::Mods(m) => CCondition::Mods(*m),
            Condition::Device(m) => CCondition::Const(m.matches(self.device)),
            Condition::Not(c) => CCondition::Not(Box::new(self.condition(c, at)?)),
            Condition::All(cs) => CCondition::All(all(cs)?),
            Condition::Any(cs) => CCondition::Any(all(cs)?),
        })
    }
}
